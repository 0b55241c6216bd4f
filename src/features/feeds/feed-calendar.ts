/**
 * A feed as one iCalendar object: a VTIMEZONE per zone its events use (meetings/vtimezone.ts, as in
 * the /ics file) and one VEVENT per meeting, a series with its RRULE and EXDATEs. No METHOD: a feed
 * is published, not a scheduling message, so DTSTAMP is when the meeting was last changed (RFC 5545,
 * 3.8.7.2) and the same meetings always make the same text (the ETag is its hash).
 */
import { vtimezone } from '../meetings/vtimezone.ts';
import { foldLine, icsText, icsUri, utcStamp } from './ics-text.ts';
import { localStamp } from './zone-clock.ts';

export interface FeedEvent {
  uid: string;
  /** The meeting's icsSequence: raised by every edit and cancellation. */
  sequence: number;
  title: string;
  timeZone: string;
  /** The first occurrence (a series' DTSTART) and its end. */
  startsAt: Date;
  endsAt: Date;
  rrule: string | null;
  /** Occurrences of a series left out (cancelled ones): EXDATE. */
  excluded: readonly Date[];
  link: string | null;
  place: string | null;
  description: string;
  cancelled: boolean;
  created: Date;
  lastModified: Date;
}

/** Where a zone's VTIMEZONE must hold: the whole years from `from` to `to`. */
export interface ZoneSpan {
  zone: string;
  from: number;
  to: number;
}

export interface FeedCalendar {
  /** What calendar apps name the subscription (X-WR-CALNAME). */
  name: string;
  zones: readonly ZoneSpan[];
  /** Each event's text, from `eventText`. */
  events: readonly string[];
}

/** A series' VTIMEZONE covers this many years past its start; a client applies the last rule after that. */
const SERIES_YEARS = 10;

/** VTIMEZONE texts by zone and whole years: the same few are asked for by every request. */
const zoneTexts = new Map<string, string>();
const MAX_ZONE_TEXTS = 200;

function zoneText(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}|${fromYear}|${toYear}`;
  let text = zoneTexts.get(key);
  if (text === undefined) {
    text = vtimezone(zone, new Date(Date.UTC(fromYear, 0, 1)), new Date(Date.UTC(toYear, 0, 1)));
    if (zoneTexts.size >= MAX_ZONE_TEXTS) zoneTexts.clear();
    zoneTexts.set(key, text);
  }
  return text;
}

/** For each zone, the whole years its events need: from the year before the first to after the last. */
export function zoneSpans(events: Iterable<{ timeZone: string; startsAt: Date; rrule: string | null }>): ZoneSpan[] {
  const spans = new Map<string, ZoneSpan>();
  for (const event of events) {
    const start = event.startsAt.getUTCFullYear();
    const end = start + (event.rrule ? SERIES_YEARS : 1) + 1;
    const span = spans.get(event.timeZone);
    if (!span) spans.set(event.timeZone, { zone: event.timeZone, from: start - 1, to: end });
    else {
      span.from = Math.min(span.from, start - 1);
      span.to = Math.max(span.to, end);
    }
  }
  return [...spans.values()];
}

/** One VEVENT, its lines folded and joined with CRLF. */
export function eventText(event: FeedEvent): string {
  return eventLines(event).map(foldLine).join('\r\n');
}

function eventLines(event: FeedEvent): string[] {
  const zone = event.timeZone;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${icsText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcStamp(event.lastModified)}`,
    `CREATED:${utcStamp(event.created)}`,
    `LAST-MODIFIED:${utcStamp(event.lastModified)}`,
    `DTSTART;TZID=${zone}:${localStamp(event.startsAt, zone)}`,
    `DTEND;TZID=${zone}:${localStamp(event.endsAt, zone)}`,
  ];
  if (event.rrule) {
    lines.push(`RRULE:${event.rrule}`);
    if (event.excluded.length > 0) {
      lines.push(`EXDATE;TZID=${zone}:${event.excluded.map((d) => localStamp(d, zone)).join(',')}`);
    }
  }
  lines.push(`SUMMARY:${icsText(event.title)}`);
  if (event.description) lines.push(`DESCRIPTION:${icsText(event.description)}`);
  if (event.link) lines.push(`URL:${icsUri(event.link)}`);
  if (event.place) lines.push(`LOCATION:${icsText(event.place)}`);
  lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
  return lines;
}

export function writeFeed(calendar: FeedCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//hamkar//calendar feed//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${icsText(calendar.name)}`,
    // Hints (RFC 7986, and Outlook's own) that an hour is often enough; most apps choose for themselves.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  const out = lines.map(foldLine);
  for (const { zone, from, to } of calendar.zones) out.push(zoneText(zone, from, to));
  out.push(...calendar.events, 'END:VCALENDAR');
  return `${out.join('\r\n')}\r\n`;
}
