/**
 * A meeting as an RFC 5545 calendar file, built with ical-generator: UID, DTSTART/DTEND with the
 * meeting's zone (and its VTIMEZONE), RRULE and EXDATE for a series, URL, DESCRIPTION.
 */
import ical from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { vtimezone } from './vtimezone.ts';

export interface CalendarMeeting {
  id: number;
  title: string;
  link: string;
  agenda: string | null;
  timeZone: string;
  startsAt: Date;
  durationMinutes: number;
  rrule: string | null;
  /** Cancelled occurrences of a series. */
  excluded: Date[];
  /** When the file is made (DTSTAMP). */
  stamp: Date;
}

const YEAR_MS = 366 * 86_400_000;
/** A series' VTIMEZONE covers this many years ahead; a client applies the last rule after that. */
const SERIES_YEARS = 10;

/** UIDs stay the same for a meeting, so that importing the file again updates the event instead of adding one. */
export function meetingUid(id: number): string {
  return `meeting-${id}@hamkar`;
}

function zoned(instant: Date, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone);
}

export function writeIcs(meeting: CalendarMeeting): string {
  const calendar = ical({ prodId: { company: 'hamkar', product: 'meetings', language: 'EN' } });
  const from = new Date(meeting.startsAt.getTime() - YEAR_MS);
  const to = new Date(meeting.startsAt.getTime() + (meeting.rrule ? SERIES_YEARS : 1) * YEAR_MS);
  calendar.timezone({ name: null, generator: (zone) => vtimezone(zone, from, to) });
  const start = zoned(meeting.startsAt, meeting.timeZone);
  const description = [meeting.agenda, meeting.link].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: meetingUid(meeting.id),
    stamp: meeting.stamp,
    start,
    end: start.add({ minutes: meeting.durationMinutes }),
    timezone: meeting.timeZone,
    summary: meeting.title,
    description,
    url: meeting.link,
    ...(meeting.rrule ? { repeating: recurrenceLines(meeting) } : {}),
  });
  return calendar.toString();
}

/** RRULE, and EXDATE in the meeting's zone for cancelled occurrences (ical-generator takes both as text). */
function recurrenceLines(meeting: CalendarMeeting): string {
  const lines = [`RRULE:${meeting.rrule}`];
  if (meeting.excluded.length > 0) {
    const stamps = meeting.excluded.map((d) => localStamp(zoned(d, meeting.timeZone).toPlainDateTime()));
    lines.push(`EXDATE;TZID=${meeting.timeZone}:${stamps.join(',')}`);
  }
  return lines.join('\n');
}

function localStamp(p: Temporal.PlainDateTime): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}${two(p.month)}${two(p.day)}T${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}
