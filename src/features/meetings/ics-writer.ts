/**
 * A meeting as an RFC 5545 calendar file, built with ical-generator: UID, SEQUENCE, DTSTART/DTEND with
 * the meeting's zone (and its VTIMEZONE), RRULE and EXDATE for a series, URL or LOCATION, DESCRIPTION;
 * a cancelled meeting as a cancellation (METHOD:CANCEL, STATUS:CANCELLED) of the same UID.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { vtimezone } from './vtimezone.ts';

export interface CalendarMeeting {
  id: number;
  title: string;
  link: string | null;
  place: string | null;
  agenda: string | null;
  timeZone: string;
  startsAt: Date;
  durationMinutes: number;
  rrule: string | null;
  /** Raised by every change: a calendar keeps the file with the highest one. */
  icsSequence: number;
  cancelledAt: Date | null;
  /** This installation's id (the Installation row): UIDs of two networks never meet in one calendar. */
  installationUid: string;
  /** Cancelled occurrences of a series. */
  excluded: Date[];
  /** When the file is made (DTSTAMP). */
  stamp: Date;
}

const YEAR_MS = 366 * 86_400_000;
/** A series' VTIMEZONE covers this many years ahead; a client applies the last rule after that. */
const SERIES_YEARS = 10;

/** UIDs stay the same for a meeting, so that importing the file again updates the event instead of adding one. */
export function meetingUid(id: number, installationUid: string): string {
  return `meeting-${id}.${installationUid}@hamkar`;
}

function zoned(instant: Date, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone);
}

export function writeIcs(meeting: CalendarMeeting): string {
  const calendar = ical({
    prodId: { company: 'hamkar', product: 'meetings', language: 'EN' },
    method: meeting.cancelledAt ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  const from = new Date(meeting.startsAt.getTime() - YEAR_MS);
  const to = new Date(meeting.startsAt.getTime() + (meeting.rrule ? SERIES_YEARS : 1) * YEAR_MS);
  calendar.timezone({ name: null, generator: (zone) => vtimezone(zone, from, to) });
  const start = zoned(meeting.startsAt, meeting.timeZone);
  const description = [meeting.agenda, meeting.link].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: meetingUid(meeting.id, meeting.installationUid),
    sequence: meeting.icsSequence,
    status: meeting.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: meeting.stamp,
    start,
    end: start.add({ minutes: meeting.durationMinutes }),
    timezone: meeting.timeZone,
    summary: meeting.title,
    description,
    ...(meeting.link ? { url: meeting.link } : {}),
    ...(meeting.place ? { location: meeting.place } : {}),
    ...(meeting.rrule ? { repeating: recurrenceLines(meeting) } : {}),
  });
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  return `${calendar.toString()}\r\n`;
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
