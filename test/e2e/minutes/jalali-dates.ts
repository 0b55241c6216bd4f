/**
 * Dates as a Jalali community in Tehran types and reads them, computed with jalaali-js and Temporal
 * (not with the code under test), relative to any "now": the test runs on any day, at any hour.
 */
import { toJalaali } from 'jalaali-js';
import { Temporal } from 'temporal-polyfill';

export const ZONE = 'Asia/Tehran';

/** The month names English readers see in the Persian calendar (ICU's). */
const MONTHS = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
] as const;

interface JalaliDay {
  jy: number;
  jm: number;
  jd: number;
}

function tehran(at: number): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(ZONE);
}

/** The Jalali day of an instant in Tehran, `days` later. */
export function jalaliDay(at: number, days = 0): JalaliDay {
  const day = tehran(at).toPlainDate().add({ days });
  return toJalaali(day.year, day.month, day.day);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `1405/09/16` as a member types it. */
export function typedDate({ jy, jm, jd }: JalaliDay): string {
  return `${jy}/${two(jm)}/${two(jd)}`;
}

/** `1405/09/16 14:32`: the instant's minute in Tehran, typed. */
export function typedMinute(at: number): string {
  const local = tehran(at);
  return `${typedDate(jalaliDay(at))} ${two(local.hour)}:${two(local.minute)}`;
}

/** `16 Azar 1405`, as the bot shows a Jalali date in English. */
export function shownDate({ jy, jm, jd }: JalaliDay): string {
  return `${jd} ${MONTHS[jm - 1]} ${jy}`;
}
