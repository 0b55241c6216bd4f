import type { OutboundFile } from '../../core/event.ts';
import type { MeetingArchiveRow } from '../meetings/meeting-archive-repository.ts';
import { csvFile, jsonFile, wallClock } from './archive-file.ts';
import type { CsvClock } from './csv-file.ts';

/**
 * The meetings archive: one entry per occurrence, with its RSVPs and how its reminders went (sent,
 * late, missed…). Reminder targets are named by kind (a group, a member's private chat), not by person:
 * who was reminded follows from the audience, and the RSVPs already name who answered.
 */
type Occurrence = MeetingArchiveRow['occurrences'][number];
const ANSWERS = ['yes', 'no', 'maybe'] as const;
const REMINDER_STATUSES = ['sent', 'late', 'missed', 'planned'] as const;

function namesAnswering(occurrence: Occurrence, answer: (typeof ANSWERS)[number]): string[] {
  return occurrence.rsvps.filter((r) => r.answer === answer).map((r) => r.member.displayName);
}

function remindersWith(occurrence: Occurrence, status: (typeof REMINDER_STATUSES)[number]): number {
  return occurrence.reminders.filter((r) => r.kind === 'reminder' && r.status === status).length;
}

/** Cancelling a series cancels each of its future occurrences, so the occurrence alone tells. */
function occurrenceStatus(occurrence: Occurrence): string {
  if (occurrence.cancelledAt) return 'cancelled';
  return occurrence.endsAt.getTime() <= Date.now() ? 'held' : 'upcoming';
}

const CSV_HEADER = [
  'meeting_id',
  'title',
  { time: 'starts_at' },
  'starts_local',
  'time_zone',
  { time: 'ends_at' },
  'duration_minutes',
  'recurrence',
  'status',
  'audience',
  'committee',
  'chair',
  'link',
  'place',
  'agenda',
  ...ANSWERS.map((a) => `rsvp_${a}`),
  ...ANSWERS.map((a) => `rsvp_${a}_names`),
  ...REMINDER_STATUSES.map((s) => `reminders_${s}`),
];

export function meetingsCsv(meetings: readonly MeetingArchiveRow[], clock: CsvClock): OutboundFile {
  const records = meetings.flatMap((meeting) =>
    meeting.occurrences.map((occurrence) => [
      meeting.id,
      meeting.title,
      occurrence.startsAt,
      wallClock(occurrence.startsAt, meeting.timeZone),
      meeting.timeZone,
      occurrence.endsAt,
      meeting.durationMinutes,
      meeting.rrule ?? '',
      occurrenceStatus(occurrence),
      meeting.audience,
      meeting.committee?.name ?? '',
      meeting.chair?.displayName ?? '',
      meeting.link ?? '',
      meeting.place ?? '',
      meeting.agenda ?? '',
      ...ANSWERS.map((a) => namesAnswering(occurrence, a).length),
      ...ANSWERS.map((a) => namesAnswering(occurrence, a).join('; ')),
      ...REMINDER_STATUSES.map((s) => remindersWith(occurrence, s)),
    ]),
  );
  return csvFile('meetings', CSV_HEADER, records, clock);
}

export function meetingsJson(meetings: readonly MeetingArchiveRow[], community: string): OutboundFile {
  return jsonFile('meetings', community, {
    meetings: meetings.map((meeting) => ({
      id: meeting.id,
      title: meeting.title,
      link: meeting.link,
      place: meeting.place,
      agenda: meeting.agenda,
      timeZone: meeting.timeZone,
      durationMinutes: meeting.durationMinutes,
      recurrence: meeting.rrule,
      audience: meeting.audience,
      committee: meeting.committee?.name ?? null,
      chair: meeting.chair?.displayName ?? null,
      createdAt: meeting.createdAt,
      cancelledAt: meeting.cancelledAt,
      occurrences: meeting.occurrences.map((occurrence) => ({
        startsAt: occurrence.startsAt,
        startsLocal: wallClock(occurrence.startsAt, meeting.timeZone),
        endsAt: occurrence.endsAt,
        status: occurrenceStatus(occurrence),
        rsvps: occurrence.rsvps.map((r) => ({ name: r.member.displayName, answer: r.answer, at: r.answeredAt })),
        reminders: occurrence.reminders.map((r) => ({
          kind: r.kind,
          offsetMinutes: r.offsetMinutes,
          to: r.memberId === null ? 'group' : 'private',
          platform: r.targetPlatform,
          dueAt: r.dueAt,
          status: r.status,
          handledAt: r.handledAt,
        })),
      })),
    })),
  });
}
