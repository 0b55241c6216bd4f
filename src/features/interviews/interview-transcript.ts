import { formatDate } from '../../i18n/date-format.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CalendarName } from '../../i18n/when-types.ts';
import { isGiven, type InterviewAnswer, type InterviewAnswers, type MediaFile } from './interview-answers.ts';
import { askedQuestions } from './interview-progress.ts';
import { questionsOf, type InterviewTemplateBody, type LocalizedText } from './interview-template-schema.ts';

/**
 * An interview as questions and answers, in the language it was held in: what curators review, what
 * search indexes, what the export writes as Markdown and HTML. Only what was said is in it: questions
 * skipped, and follow-ups the conversation did not take, are left out. Media are numbered in the order
 * they come (the experience's attachments, the export's files keep that order). Pure functions.
 */

export interface TranscriptMedia {
  /** From 1, in transcript order: the experience's attachment number. */
  n: number;
  questionKey: string;
  file: MediaFile;
}

export type TranscriptAnswer = { kind: 'text'; text: string } | { kind: 'media'; media: TranscriptMedia[] };

export interface TranscriptItem {
  key: string;
  question: string;
  answer: TranscriptAnswer;
}

export interface TranscriptSection {
  title: string;
  items: TranscriptItem[];
}

export interface Transcript {
  language: Language;
  /** The template's title (`A veteran librarian's career`). */
  templateTitle: string;
  sections: TranscriptSection[];
  media: TranscriptMedia[];
}

/** The calendar a transcript's dates are written in: the one its language's readers live by. */
export function transcriptCalendar(language: Language): CalendarName {
  return language === 'fa' ? 'persian' : 'gregorian';
}

export function buildTranscript(
  template: InterviewTemplateBody,
  answers: InterviewAnswers,
  language: Language,
  t: Translate,
): Transcript {
  const media: TranscriptMedia[] = [];
  const sections: TranscriptSection[] = [];
  for (const { section, question } of askedQuestions(questionsOf(template), answers)) {
    const given = answers[question.key];
    if (!given || !isGiven(given)) continue;
    let answer: TranscriptAnswer;
    if (given.kind === 'media') {
      const files = given.files.map((file, i) => ({ n: media.length + i + 1, questionKey: question.key, file }));
      media.push(...files);
      answer = { kind: 'media', media: files };
    } else {
      const options = question.type === 'choice' ? question.options : [];
      answer = { kind: 'text', text: answerText(given, options, language, t) };
    }
    const title = textIn(section.title, language);
    const last = sections.at(-1);
    const item = { key: question.key, question: textIn(question.text, language), answer };
    if (last?.title === title) last.items.push(item);
    else sections.push({ title, items: [item] });
  }
  return { language, templateTitle: textIn(template.title, language), sections, media };
}

/**
 * The transcript as the experience's text: plain, one question and its answer after another, sections
 * marked. Nothing about who answered: the title and the byline say that, as far as the consent allows,
 * and an anonymous interview's text must not name the veteran (it is indexed for search).
 */
export function transcriptBody(transcript: Transcript, t: Translate): string {
  const blocks: string[] = [];
  for (const section of transcript.sections) {
    blocks.push(`■ ${section.title}`);
    for (const item of section.items) {
      const answer =
        item.answer.kind === 'text'
          ? item.answer.text
          : item.answer.media.map((media) => mediaLine(media, t)).join('\n');
      blocks.push(`• ${item.question}\n${answer}`);
    }
  }
  return plain(blocks.join('\n\n'));
}

/** `[Photo 2: library-1986.jpg]`, with the file's caption after it when it had one. */
export function mediaLine(media: TranscriptMedia, t: Translate): string {
  const label = mediaLabel(media, t);
  return media.file.caption ? `[${label}] ${media.file.caption}` : `[${label}]`;
}

/** `Photo 2: library-1986.jpg` (`Voice message 1` for a file without a name). */
export function mediaLabel(media: TranscriptMedia, t: Translate): string {
  return plain(
    t('interview.transcript.media', {
      kind: media.file.media,
      n: media.n,
      named: media.file.fileName ? 'yes' : 'no',
      name: media.file.fileName ?? '',
    }),
  );
}

/** The template's text in the language (English when a text lacks it). */
export function textIn(text: LocalizedText, language: Language): string {
  return text[language] || text.en;
}

function answerText(
  answer: Exclude<InterviewAnswer, { kind: 'media' }>,
  options: readonly LocalizedText[],
  language: Language,
  t: Translate,
): string {
  switch (answer.kind) {
    case 'text':
      return answer.text.trim();
    case 'long-text':
      return answer.parts.map((part) => part.trim()).join('\n\n');
    case 'choice': {
      const option = options[answer.choice];
      return option ? textIn(option, language) : String(answer.choice + 1);
    }
    case 'date': {
      // A day of the wall calendar: noon UTC is that day in UTC whatever the calendar shows it as.
      const format = { language, calendar: transcriptCalendar(language), timeZone: 'UTC' };
      const date = formatDate(new Date(`${answer.day}T12:00:00Z`), format);
      return answer.time
        ? plain(t('interview.transcript.date-time', { date, time: localizeDigits(answer.time, language) }))
        : date;
    }
    case 'year': {
      const year = localizeDigits(String(answer.year), language);
      // A year of the other calendar says which it is: `1986` in a Persian interview is not 1365.
      return answer.calendar === transcriptCalendar(language)
        ? year
        : plain(t('interview.transcript.year', { year, calendar: answer.calendar }));
    }
    case 'skipped':
      return '';
  }
}

/** Bidi controls the translator put around values: a stored and indexed text goes without them. */
export function plain(text: string): string {
  return text.replace(/[\u200E\u200F\u2066-\u2069]/g, '');
}
