/**
 * The minutes as a document in the community's language and calendar, before they become a chat
 * message, Markdown or HTML (minutes-renderer.ts): decisions and actions first — what people look
 * for — then the topics with their notes, then who was present and who was not. Pure.
 */
import type { Translate } from '../../i18n/translator.ts';
import { withoutParagraphMarks } from '../../i18n/bidi.ts';
import { formatDate, formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { EntryFacts, MinutesFacts } from './minutes-facts.ts';

export interface MinutesDocument {
  language: Language;
  title: string;
  /** The meeting's number and time, its committee, chair, secretary and version: one line each. */
  meta: string[];
  decisions: Array<{ number: string; text: string }>;
  actions: Array<{ text: string; details: string }>;
  topics: Array<{ title: string; state: string; notes: string[] }>;
  /** Notes recorded before the first topic. */
  looseNotes: string[];
  attendees: string[];
  absentees: string[];
  labels: {
    decisions: string;
    actions: string;
    topics: string;
    looseNotes: string;
    attendees: string;
    absentees: string;
    none: string;
  };
}

/** A long audience would bury the minutes: the absentees beyond this many are counted, not named. */
export const MAX_NAMES = 60;

/**
 * `reader`: whose language, calendar and zone (the community's for the posted minutes, a member's
 * for the text so far shown to them); `t` and `list` speak that language.
 */
export function buildMinutesDocument(
  facts: MinutesFacts,
  translate: Translate,
  list: (items: string[]) => string,
  reader: FormatOptions = facts.community,
): MinutesDocument {
  const format = reader;
  // Parts of lines, not lines: the marks that start a Persian paragraph belong to the renderer's lines.
  const t: Translate = (key, params) => withoutParagraphMarks(translate(key, params));
  const meta = [
    t('minutes.doc.meeting-line', {
      id: facts.meeting.id,
      when: formatDateTime(facts.occurrence.startsAt, format),
    }),
  ];
  if (facts.meeting.committeeName) meta.push(t('minutes.doc.committee-line', { name: facts.meeting.committeeName }));
  if (facts.meeting.chairName) meta.push(t('minutes.doc.chair-line', { name: facts.meeting.chairName }));
  if (facts.secretaryName) meta.push(t('minutes.doc.secretary-line', { name: facts.secretaryName }));
  if (facts.version > 1) meta.push(t('minutes.doc.version-line', { n: facts.version }));

  const decisions = facts.entries
    .filter((e) => e.kind === 'decision')
    .map((e) => ({ number: e.decisionNumber ?? '', text: e.text }));
  const actions = facts.entries
    .filter((e) => e.kind === 'action')
    .map((e) => ({ text: e.text, details: actionDetails(e, t, list, format) }));

  const decidedTopics = new Set(
    facts.entries.filter((e) => e.kind === 'decision' && e.topicId !== null).map((e) => e.topicId),
  );
  const topics = facts.entries
    .filter((e) => e.kind === 'topic')
    .map((topic) => ({
      title: topic.text,
      state: t(topic.topicDone || decidedTopics.has(topic.id) ? 'minutes.doc.topic-done' : 'minutes.doc.topic-open'),
      notes: facts.entries.filter((e) => e.kind === 'note' && e.topicId === topic.id).map((e) => e.text),
    }));
  const looseNotes = facts.entries.filter((e) => e.kind === 'note' && e.topicId === null).map((e) => e.text);

  const named = (names: string[]) =>
    names.length > MAX_NAMES
      ? [...names.slice(0, MAX_NAMES), t('minutes.doc.more-names', { count: names.length - MAX_NAMES })]
      : names;
  return {
    language: reader.language,
    title: t('minutes.doc.title', { title: facts.meeting.title }),
    meta,
    decisions,
    actions,
    topics,
    looseNotes,
    attendees: named(facts.attendees),
    absentees: named(facts.absentees),
    labels: {
      decisions: t('minutes.doc.decisions', { count: decisions.length }),
      actions: t('minutes.doc.actions', { count: actions.length }),
      topics: t('minutes.doc.topics'),
      looseNotes: t('minutes.doc.other-notes'),
      attendees: t('minutes.doc.attendees', { count: facts.attendees.length }),
      absentees: t('minutes.doc.absentees', { count: facts.absentees.length }),
      none: t('minutes.doc.none'),
    },
  };
}

/** `Sara and Ali · due 5 Dey 1405 · done`. */
function actionDetails(
  entry: EntryFacts,
  t: Translate,
  list: (items: string[]) => string,
  format: FormatOptions,
): string {
  const action = entry.action;
  const parts = [t('minutes.doc.owners', { names: action && action.owners.length > 0 ? list(action.owners) : '—' })];
  if (action?.dueAt) parts.push(t('minutes.doc.due', { date: formatDate(action.dueAt, format) }));
  if (action && action.status !== 'open') parts.push(t(`minutes.doc.action-${action.status}`));
  return parts.join(' · ');
}
