/**
 * The shapes meetings pass between repository, service and handlers: rows as stored, the changes an edit
 * makes, who schedules. No Prisma here (meeting-repository.ts maps to and from these).
 */
import type { PlannedOccurrence } from './occurrence-planner.ts';
import type { PlannedReminder } from './reminder-planner.ts';
import type { Reader } from './meeting-text.ts';

export type Audience = 'chat' | 'committee' | 'community';
export type RsvpAnswer = 'yes' | 'no' | 'maybe';

export interface MeetingRow {
  id: number;
  communityId: number;
  chairId: number | null;
  title: string;
  link: string | null;
  place: string | null;
  agenda: string | null;
  timeZone: string;
  startsAt: Date;
  durationMinutes: number;
  rrule: string | null;
  audience: Audience;
  chatId: number | null;
  committeeId: number | null;
  /** The .ics SEQUENCE: raised by every edit and cancellation. */
  icsSequence: number;
  cancelledAt: Date | null;
}

export type NewMeeting = Omit<MeetingRow, 'id' | 'cancelledAt' | 'icsSequence'>;
export type MeetingChanges = Partial<
  Pick<
    MeetingRow,
    | 'title'
    | 'link'
    | 'place'
    | 'agenda'
    | 'startsAt'
    | 'durationMinutes'
    | 'rrule'
    | 'audience'
    | 'chatId'
    | 'committeeId'
  >
>;

/**
 * Reminder rows for these occurrences, given their ids and times and who answered "no" to each (read in
 * the same transaction, so that answers carried over by an edit count): the planner, run inside it.
 */
export type ReminderPlan = (
  occurrences: ReadonlyArray<{ id: number; startsAt: Date }>,
  declined: ReadonlyMap<number, ReadonlySet<number>>,
) => PlannedReminder[];

/** What an edit does to the stored future occurrences (decided by the service). */
export interface OccurrenceChanges {
  /** Occurrences no longer in the series (moved or dropped): cancelled, their pending reminders too. */
  cancelIds: number[];
  /** Kept occurrences whose end moved (a new duration). */
  keep: Array<{ id: number; endsAt: Date }>;
  /** New occurrences, each with the cancelled one whose answers it inherits (a moved meeting keeps its RSVPs). */
  add: Array<PlannedOccurrence & { answersFrom: number | null }>;
}

/** Who schedules, where, and in which settings (the meeting's zone is theirs). */
export interface ChairContext {
  communityId: number;
  memberId: number;
  chat: { platform: string; chatId: string; kind: 'private' | 'group' };
  /** Whether the chat is one of the community's groups. */
  chatBound: boolean;
  reader: Reader;
}

export interface ScheduledMeeting {
  meeting: MeetingRow;
  /** Occurrences stored ahead. */
  occurrences: number;
  /** Chats or members that get its reminders. */
  targets: number;
  offsets: number[];
  committeeName: string | null;
}
