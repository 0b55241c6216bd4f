/**
 * Month names members type, in every language and both calendars, folded for matching. The Jalali names
 * live in jalali.ts; Gregorian ones are here. `lookupMonthName` answers which calendar and month a word is.
 */
import type { CalendarName } from '../when-types.ts';
import { alternation, foldLetters } from '../when-normalize.ts';
import { JALALI_MONTH_NAMES_FA, JALALI_MONTH_NAMES_LATIN, JALALI_MONTH_NAMES_RU } from './jalali.ts';

/** English: full names and abbreviations; index 0 = January. */
export const GREGORIAN_MONTH_NAMES_EN: readonly (readonly string[])[] = [
  ['January', 'Jan'],
  ['February', 'Feb'],
  ['March', 'Mar'],
  ['April', 'Apr'],
  ['May'],
  ['June', 'Jun'],
  ['July', 'Jul'],
  ['August', 'Aug'],
  ['September', 'Sep', 'Sept'],
  ['October', 'Oct'],
  ['November', 'Nov'],
  ['December', 'Dec'],
];

/** Russian: genitive (`10 ноября`), nominative (`ноябрь`) and abbreviations (a trailing dot is accepted). */
export const GREGORIAN_MONTH_NAMES_RU: readonly (readonly string[])[] = [
  ['января', 'январь', 'янв'],
  ['февраля', 'февраль', 'фев', 'февр'],
  ['марта', 'март', 'мар'],
  ['апреля', 'апрель', 'апр'],
  ['мая', 'май'],
  ['июня', 'июнь', 'июн'],
  ['июля', 'июль', 'июл'],
  ['августа', 'август', 'авг'],
  ['сентября', 'сентябрь', 'сен', 'сент'],
  ['октября', 'октябрь', 'окт'],
  ['ноября', 'ноябрь', 'ноя', 'нояб'],
  ['декабря', 'декабрь', 'дек'],
];

const VI_MONTH_WORDS: readonly (readonly string[])[] = [
  ['một', 'giêng'],
  ['hai'],
  ['ba'],
  ['tư', 'bốn'],
  ['năm'],
  ['sáu'],
  ['bảy'],
  ['tám'],
  ['chín'],
  ['mười'],
  ['mười một'],
  ['mười hai', 'chạp'],
];

/** Vietnamese: `tháng 9`, `tháng 09`, `tháng chín`, `tháng giêng`, and `thang 9` typed without diacritics. */
export const GREGORIAN_MONTH_NAMES_VI: readonly (readonly string[])[] = VI_MONTH_WORDS.map((words, i) => {
  const n = i + 1;
  const numbers = n < 10 ? [String(n), `0${n}`] : [String(n)];
  return [...numbers.flatMap((d) => [`tháng ${d}`, `thang ${d}`]), ...words.map((w) => `tháng ${w}`)];
});

/** Persian names of Gregorian months (`fa-IR-u-ca-gregory`), with common variants. */
export const GREGORIAN_MONTH_NAMES_FA: readonly (readonly string[])[] = [
  ['ژانویه'],
  ['فوریه'],
  ['مارس'],
  ['آوریل'],
  ['مه', 'می'],
  ['ژوئن'],
  ['ژوئیه', 'جولای'],
  ['اوت', 'آگوست'],
  ['سپتامبر'],
  ['اکتبر'],
  ['نوامبر'],
  ['دسامبر'],
];

export interface MonthRef {
  calendar: CalendarName;
  month: number;
}

function indexNames(): Map<string, MonthRef> {
  const index = new Map<string, MonthRef>();
  const add = (calendar: CalendarName, table: readonly (readonly string[])[]) =>
    table.forEach((names, i) => names.forEach((name) => index.set(foldLetters(name), { calendar, month: i + 1 })));
  add('persian', JALALI_MONTH_NAMES_FA);
  add('persian', JALALI_MONTH_NAMES_LATIN);
  add('persian', JALALI_MONTH_NAMES_RU);
  add('gregorian', GREGORIAN_MONTH_NAMES_EN);
  add('gregorian', GREGORIAN_MONTH_NAMES_RU);
  add('gregorian', GREGORIAN_MONTH_NAMES_VI);
  add('gregorian', GREGORIAN_MONTH_NAMES_FA);
  return index;
}

const MONTH_INDEX = indexNames();

/** Every folded month name as a RegExp alternation (longest first). */
export const MONTH_NAME_PATTERN = alternation(MONTH_INDEX.keys());

/** `تیرماه`, `Tir`, `ноября`, `tháng 9` → calendar and month (1–12); undefined for anything else. */
export function lookupMonthName(name: string): MonthRef | undefined {
  const folded = foldLetters(name).trim().replace(/\.$/, '');
  return MONTH_INDEX.get(folded) ?? MONTH_INDEX.get(folded.replace(/\s*ماه$/, ''));
}
