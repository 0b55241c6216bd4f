/**
 * The Jalali (Solar Hijri) calendar: thin wrappers over jalaali-js, and the month names members type.
 * jalaali-js throws RangeError outside the years -61…3177; these wrappers answer "invalid" instead.
 */
import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

export function isValidJalaliDate(year: number, month: number, day: number): boolean {
  try {
    return isValidJalaaliDate(year, month, day);
  } catch {
    return false;
  }
}

/** Days in a Jalali month (29–31), or undefined for a month or year outside the calendar. */
export function jalaliMonthLength(year: number, month: number): number | undefined {
  return isValidJalaliDate(year, month, 1) ? jalaaliMonthLength(year, month) : undefined;
}

/** A valid Jalali date to its Gregorian date (check with `isValidJalaliDate` first). */
export function jalaliToGregorian(year: number, month: number, day: number): YearMonthDay {
  const { gy, gm, gd } = toGregorian(year, month, day);
  return { year: gy, month: gm, day: gd };
}

export function gregorianToJalali(year: number, month: number, day: number): YearMonthDay {
  const { jy, jm, jd } = toJalaali(year, month, day);
  return { year: jy, month: jm, day: jd };
}

/**
 * Persian month names, index 0 = Farvardin, with the other spellings members type. Arabic yeh/kaf and
 * ZWNJ are folded by the parser before lookup, but the Arabic-yeh spellings are listed too so that a
 * lookup without that folding still finds them. A trailing `ماه` ("month": `تیرماه`, `تیر ماه`) is
 * accepted by the parser after any of these.
 */
export const JALALI_MONTH_NAMES_FA: readonly (readonly string[])[] = [
  ['فروردین', 'فروردين'],
  ['اردیبهشت', 'ارديبهشت', 'اردی بهشت'],
  ['خرداد'],
  ['تیر', 'تير'],
  ['مرداد', 'امرداد'],
  ['شهریور', 'شهريور'],
  ['مهر'],
  ['آبان', 'ابان'],
  ['آذر', 'اذر'],
  ['دی', 'دي'],
  ['بهمن'],
  ['اسفند'],
];

/** Latin transliterations (matched case-insensitively), index 0 = Farvardin. */
export const JALALI_MONTH_NAMES_LATIN: readonly (readonly string[])[] = [
  ['Farvardin'],
  ['Ordibehesht'],
  ['Khordad'],
  ['Tir'],
  ['Mordad', 'Amordad'],
  ['Shahrivar'],
  ['Mehr'],
  ['Aban'],
  ['Azar'],
  ['Dey', 'Dei'],
  ['Bahman'],
  ['Esfand', 'Isfand'],
];

/** Russian transliterations, as Intl writes them (`ru-u-ca-persian`), index 0 = Farvardin. */
export const JALALI_MONTH_NAMES_RU: readonly (readonly string[])[] = [
  ['фарвардин'],
  ['ордибехешт'],
  ['хордад'],
  ['тир'],
  ['мордад'],
  ['шахривер'],
  ['мехр'],
  ['абан'],
  ['азер'],
  ['дей'],
  ['бахман'],
  ['эсфанд'],
];
