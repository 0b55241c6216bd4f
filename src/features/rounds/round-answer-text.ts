import { firstGraphemes } from '../../core/grapheme-cut.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { localize } from '../surveys/survey-questions.ts';
import type { RoundAnswer } from './round-answers.ts';
import { answerFits, missingRequired, type RoundProgress, type RoundSubject } from './round-answer-service.ts';
import type { RoundQuestion } from './round-template-schema.ts';

/**
 * The texts of answering a round: a question with its section, place and hints, an answer as the
 * member reads it (numbers grouped in their language's digits), and the summary before sending.
 */

/** What rendering needs of the handler's context. */
export interface Speaker {
  t: Translate;
  language: Language;
  list(items: readonly string[]): string;
}

/** A long text answer is shown whole when it is asked about, cut in the summary. */
const SUMMARY_TEXT_LENGTH = 300;
/** Discord cuts a button label at 80 characters, and a long one crowds a phone's screen. */
const BUTTON_ANSWER_LENGTH = 32;

const INTL_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

/** `123,456` / `۱۲۳٬۴۵۶` / `123 456` / `123.456`: grouped as the language groups, in its digits. */
export function formatAnswerNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(INTL_LOCALE[language], { maximumFractionDigits: 6 }).format(value);
}

/** The round's name as shown at the top of each step: its title and period. */
export function roundTitle(progress: Pick<RoundProgress, 'round'>, language: Language): string {
  return localize(progress.round.template.title, language);
}

/** `library` or `member`, and the library's name, for messages that say whose answers these are. */
export function subjectParams(subject: RoundSubject): { kind: string; library: string } {
  return subject.kind === 'library'
    ? { kind: 'library', library: subject.libraryName }
    : { kind: 'member', library: '' };
}

export function describeAnswer(
  speaker: Speaker,
  question: RoundQuestion,
  answer: RoundAnswer,
  maxLength = Infinity,
): string {
  const { t, language } = speaker;
  switch (answer.kind) {
    case 'skipped':
      return t('round.answer.skipped');
    case 'number': {
      const value = formatAnswerNumber(answer.value, language);
      return question.type === 'number' && question.unit ? `${value} ${localize(question.unit, language)}` : value;
    }
    case 'text':
      return Number.isFinite(maxLength) ? cut(answer.text, maxLength) : answer.text;
    case 'choice': {
      const options = question.type === 'single' || question.type === 'multi' ? question.options : [];
      const labels = answer.choices.map((i) => (options[i] ? localize(options[i], language) : '?'));
      return labels.length > 0 ? speaker.list(labels) : t('round.answer.none-chosen');
    }
    case 'scale':
      return localizeDigits(String(answer.value), language);
    case 'file':
      return t('round.answer.file', { name: answer.file.fileName ?? answer.file.mimeType });
  }
}

/** The answer of the previous period to offer as "same as last time", when it fits the question today. */
export function previousAnswer(progress: RoundProgress, question: RoundQuestion): RoundAnswer | null {
  const answer = progress.previous?.[question.key];
  if (!answer || answer.kind === 'skipped') return null;
  return answerFits(question, answer) ? answer : null;
}

/** The lines above a question's buttons; `note` (already in the member's language) comes first. */
export function questionText(speaker: Speaker, progress: RoundProgress, note?: string): string {
  const { t, language } = speaker;
  const entry = progress.round.questions[progress.position]!;
  const { question, section } = entry;
  const lines: string[] = [];
  if (note) lines.push(note, '');
  // A section's title comes with its first question, where the member enters it.
  if (section.questions[0]?.key === question.key)
    lines.push(t('round.answer.section', { section: localize(section.title, language) }));
  lines.push(
    t('round.answer.question-header', {
      title: roundTitle(progress, language),
      period: progress.round.periodLabel,
      n: entry.position + 1,
      count: progress.round.questions.length,
    }),
    question.required
      ? t('round.answer.question-required', { text: localize(question.text, language) })
      : localize(question.text, language),
    hint(speaker, question),
  );
  const answer = progress.answers[question.key];
  if (answer && question.type !== 'multi') {
    lines.push(t('round.answer.your-answer', { answer: describeAnswer(speaker, question, answer) }));
  }
  return lines.join('\n');
}

function hint(speaker: Speaker, question: RoundQuestion): string {
  const { t, language } = speaker;
  switch (question.type) {
    case 'number': {
      const integer = question.integer ? 'yes' : 'no';
      const range =
        question.max === undefined
          ? t('round.answer.hint-number-min', { integer, min: question.min })
          : t('round.answer.hint-number-range', { integer, min: question.min, max: question.max });
      return question.unit
        ? `${range}\n${t('round.answer.hint-unit', { unit: localize(question.unit, language) })}`
        : range;
    }
    case 'text':
      return t('round.answer.hint-text', { max: question.maxLength });
    case 'single':
      return t('round.answer.hint-single');
    case 'multi':
      return t('round.answer.hint-multi');
    case 'scale':
      return t('round.answer.hint-scale', {
        low: localize(question.low, language),
        high: localize(question.high, language),
      });
    case 'file':
      return t('round.answer.hint-file');
  }
}

/** Every answer, section by section, and what still keeps it from being sent. */
export function summaryText(
  speaker: Speaker & { formatDate(date: Date): string },
  progress: RoundProgress,
  note?: string,
): string {
  const { t, language } = speaker;
  const lines: string[] = [];
  if (note) lines.push(note, '');
  lines.push(
    t('round.answer.summary-header', {
      title: roundTitle(progress, language),
      period: progress.round.periodLabel,
      ...subjectParams(progress.subject),
    }),
  );
  let section: string | null = null;
  for (const { question, section: part, position } of progress.round.questions) {
    if (part.key !== section) {
      section = part.key;
      lines.push('', t('round.answer.section', { section: localize(part.title, language) }));
    }
    const answer = progress.answers[question.key];
    lines.push(
      t('round.answer.summary-line', {
        n: position + 1,
        question: localize(question.text, language),
        answer: answer
          ? describeAnswer(speaker, question, answer, SUMMARY_TEXT_LENGTH)
          : t('round.answer.not-answered'),
      }),
    );
  }
  lines.push('');
  const missing = missingRequired(progress.round, progress.answers);
  if (missing.length > 0) {
    const numbers = speaker.list(missing.map((p) => localizeDigits(String(p + 1), language)));
    lines.push(t('round.answer.summary-missing', { numbers, count: missing.length }));
  } else {
    if (progress.submitted) {
      lines.push(
        t('round.answer.summary-replaces', {
          version: progress.submitted.version,
          when: speaker.formatDate(progress.submitted.submittedAt),
        }),
      );
    }
    lines.push(t('round.answer.summary-ready'));
  }
  return lines.join('\n');
}

function cut(text: string, max: number): string {
  const { text: start, cut: wasCut } = firstGraphemes(text, max);
  return wasCut ? `${start}…` : start;
}

/** A short form of an answer for a button label (platforms cap label length). */
export function buttonAnswer(speaker: Speaker, question: RoundQuestion, answer: RoundAnswer): string {
  return cut(describeAnswer(speaker, question, answer), BUTTON_ANSWER_LENGTH);
}
