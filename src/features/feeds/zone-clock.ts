/**
 * The wall-clock time of an instant in a zone, as RFC 5545 writes a `TZID=` date-time
 * (`20260610T100000`). Intl does it from the same time-zone data as Temporal (which the VTIMEZONE is
 * built from), at a fraction of the cost: a feed formats a few thousand of these per request.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function localStamp(instant: Date, zone: string): string {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) fields[part.type] = part.value;
  const year = (fields.year ?? '').padStart(4, '0');
  return `${year}${fields.month}${fields.day}T${fields.hour}${fields.minute}${fields.second}`;
}
