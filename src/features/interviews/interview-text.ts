import { firstGraphemes } from '../../core/grapheme-cut.ts';
import { formatDate, formatDateTime } from '../../i18n/date-format.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import { localize } from '../surveys/survey-questions.ts';
import type { InterviewAnswer } from './interview-answers.ts';
import { askedQuestions, dealtWith, progressCount } from './interview-progress.ts';
import type { InterviewView } from './interview-service.ts';
import type { InterviewQuestion, MediaKind } from './interview-template-schema.ts';

/**
 * The texts of an interview as one reader sees them: a question with its section, place and hints, an
 * answer as it reads (dates in the reader's calendar), the consent question, and a line of /interviews.
 * Pure: the same for a handler's reply, an invitation or a reminder sent by a job.
 */

/** What rendering needs of the reader. */
export interface Reader {
  t: Translate;
  language: Language;
  calendar: CalendarName;
  timeZone: string;
  list(items: readonly string[]): string;
}

/** An answer shown with a question is cut: a long story is the veteran's to tell, not a chat message's. */
const SHOWN_ANSWER_LENGTH = 300;

export function interviewTitle(view: Pick<InterviewView, 'template'>, language: Language): string {
  return localize(view.template.title, language);
}

/** The lines above a question's buttons; `note` (already in the reader's language) comes first. */
export function questionText(reader: Reader, view: InterviewView, note?: string): string {
  const { t, language } = reader;
  const current = view.current!;
  const { question, section } = current;
  const asked = askedQuestions(view.questions, view.answers);
  const lines: string[] = [];
  if (note) lines.push(note, '');
  lines.push(
    t('interview.question-header', {
      id: String(view.id),
      title: interviewTitle(view, language),
      section: localize(section.title, language),
      n: asked.findIndex((q) => q.index === current.index) + 1,
      count: asked.length,
    }),
  );
  if (view.mode === 'led') lines.push(t('interview.ask-veteran', { veteran: view.veteranName }));
  lines.push(localize(question.text, language), '', hint(reader, question));
  const answer = view.answers[question.key];
  if (answer)
    lines.push('', t('interview.so-far', { answer: describeAnswer(reader, question, answer, SHOWN_ANSWER_LENGTH) }));
  return lines.join('\n');
}

function hint(reader: Reader, question: InterviewQuestion): string {
  const { t } = reader;
  switch (question.type) {
    case 'text':
      return t('interview.hint.text');
    case 'long-text':
      return t('interview.hint.long-text');
    case 'choice':
      return t('interview.hint.choice');
    case 'date':
      return t('interview.hint.date');
    case 'media':
      return t('interview.hint.media', { kinds: mediaKinds(reader, question.accept), max: question.max });
  }
}

/** `a voice message or a sound file`: the kinds a media question takes, in the reader's words. */
export function mediaKinds(reader: Reader, kinds: readonly MediaKind[]): string {
  const words = kinds.map((kind) => reader.t(`interview.media.${kind}`));
  return words.length === 1
    ? words[0]!
    : reader.t('interview.media.either', { first: words.slice(0, -1).join(', '), last: words.at(-1)! });
}

/** An answer as the reader reads it: text as given, an option's label, a date in their calendar, files by name. */
export function describeAnswer(
  reader: Reader,
  question: InterviewQuestion,
  answer: InterviewAnswer,
  maxLength = Infinity,
): string {
  const { t, language } = reader;
  switch (answer.kind) {
    case 'skipped':
      return t('interview.answer.skipped');
    case 'text':
      return cut(answer.text, maxLength);
    case 'long-text':
      return t('interview.answer.long-text', {
        count: answer.parts.length,
        text: cut(answer.parts.join('\n\n'), maxLength),
      });
    case 'choice': {
      const option = question.type === 'choice' ? question.options[answer.choice] : undefined;
      return option ? localize(option, language) : '?';
    }
    case 'date': {
      // The wall day as given: read at noon UTC, it is the same day in every calendar.
      const day = new Date(`${answer.day}T12:00:00Z`);
      const options = { language, calendar: reader.calendar, timeZone: 'UTC' };
      const date = formatDate(day, options);
      return answer.time ? `${date} ${localizeDigits(answer.time, language)}` : date;
    }
    case 'year':
      return t('interview.answer.year', {
        year: localizeDigits(String(answer.year), language),
        calendar: answer.calendar,
      });
    case 'media':
      return t('interview.answer.media', {
        count: answer.files.length,
        files: reader.list(
          answer.files.map((file) => file.caption ?? file.fileName ?? t(`interview.media.${file.media}`)),
        ),
      });
  }
}

/** The consent question: put to the veteran, or, led, to the interviewer on the veteran's behalf. */
export function consentText(reader: Reader, view: InterviewView, note?: string): string {
  const { t, language } = reader;
  const { answered, count } = progressCount(view.questions, view.answers);
  const lines: string[] = [];
  if (note) lines.push(note, '');
  lines.push(
    t(view.mode === 'led' ? 'interview.consent.ask-led' : 'interview.consent.ask', {
      id: String(view.id),
      title: interviewTitle(view, language),
      veteran: view.veteranName,
      answered,
      count,
    }),
  );
  return lines.join('\n');
}

/** One interview in /interviews: whom, how far, when last answered, where it stands. */
export function listLine(reader: Reader, view: InterviewView, viewerId: number): string {
  const { t, language } = reader;
  const { answered, count } = progressCount(view.questions, view.answers);
  return t('interview.list.line', {
    id: String(view.id),
    title: interviewTitle(view, language),
    veteran: view.veteranName,
    mode: view.mode,
    role: view.veteranId === viewerId ? 'veteran' : 'interviewer',
    answered,
    count,
    started: dealtWith(view.questions, view.answers) > 0 ? 'yes' : 'no',
    when: formatDateTime(view.lastAnsweredAt, reader),
    status: statusText(reader, view),
  });
}

export function statusText(reader: Reader, view: Pick<InterviewView, 'status' | 'consent'>): string {
  if (view.status === 'finished' && view.consent) {
    return reader.t('interview.status.finished', { consent: reader.t(`interview.consent.label.${view.consent}`) });
  }
  return reader.t(`interview.status.${view.status}`);
}

function cut(text: string, max: number): string {
  if (!Number.isFinite(max)) return text;
  const { text: start, cut: wasCut } = firstGraphemes(text, max);
  return wasCut ? `${start}…` : start;
}
