/**
 * Everything the text of one meeting's minutes is made of, read in one go (minutes-facts-repository.ts)
 * and rendered by pure functions (minutes-document.ts). No Prisma here.
 */
import type { Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';

export interface ActionFacts {
  id: number;
  dueAt: Date | null;
  status: 'open' | 'done' | 'cancelled';
  owners: string[];
}

export interface EntryFacts {
  id: number;
  kind: 'topic' | 'note' | 'decision' | 'action';
  text: string;
  topicId: number | null;
  topicDone: boolean;
  decisionNumber: string | null;
  authorName: string | null;
  action: ActionFacts | null;
}

export interface MinutesFacts {
  minutesId: number;
  version: number;
  closedAt: Date | null;
  meeting: { id: number; title: string; committeeName: string | null; chairName: string | null };
  occurrence: { id: number; startsAt: Date; endsAt: Date };
  community: { name: string; language: Language; calendar: CalendarName; timeZone: string };
  secretaryName: string | null;
  /** Entries still standing, in the order recorded. */
  entries: EntryFacts[];
  /** Present: `/here`, the button, or a yes to the meeting; by name. */
  attendees: string[];
  /** The meeting's audience (its committee, or the community) who were not present. */
  absentees: string[];
}
