/**
 * A VTIMEZONE component for an IANA zone, built from the transitions the runtime's own time-zone data
 * knows (through Temporal), for the years a calendar file needs. RFC 5545 asks for one per TZID, and a
 * client can then place `DTSTART;TZID=…` exactly, past rules included (Tehran's DST until 2022).
 */
import { Temporal } from 'temporal-polyfill';

function offsetValue(offset: string): string {
  return offset.replace(/:/g, '');
}

function localStamp(zdt: Temporal.ZonedDateTime): string {
  const p = zdt.toPlainDateTime();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}${two(p.month)}${two(p.day)}T${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', start: string, from: string, to: string): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetValue(from)}`,
    `TZOFFSETTO:${offsetValue(to)}`,
    `END:${kind}`,
  ];
}

/** The zone's observances from `from` to `to`: one per transition, after one for the offset at `from`. */
export function vtimezone(zone: string, from: Date, to: Date): string {
  let cursor = Temporal.Instant.fromEpochMilliseconds(from.getTime()).toZonedDateTimeISO(zone);
  const end = to.getTime();
  const lines = [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    ...observance('STANDARD', localStamp(cursor), cursor.offset, cursor.offset),
  ];
  for (let guard = 0; guard < 500; guard++) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds > end) break;
    const previous = next.subtract({ nanoseconds: 1 });
    const before = previous.offset;
    const after = next.offset;
    // Clocks going forward is daylight time; back (or a permanent change to less) is standard time.
    const kind = next.offsetNanoseconds > previous.offsetNanoseconds ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time in effect before the change (RFC 5545, 3.6.5).
    const startBefore = localStamp(next.toInstant().toZonedDateTimeISO(before));
    lines.push(...observance(kind, startBefore, before, after));
    cursor = next;
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
