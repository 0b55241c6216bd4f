import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src/i18n/languages.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { speakerFor, recurrenceText } from '../../../src/features/meetings/meeting-text.ts';
import { expandWallClock, ruleFor, type RecurrenceSpec } from '../../../src/features/meetings/recurrence.ts';

/**
 * The words of each recurrence form, in each language, against what its RRULE really does: the dates
 * the rule expands to (through the rrule library) decide which weekday, which of the month and how many
 * days apart, and the description must say exactly that.
 */

const translator = new Translator();
const LANGUAGES: Language[] = ['en', 'fa', 'vi', 'ru'];
const RLM_AND_ISOLATES = /[\u200F\u2068\u2069]/g;

/** Weekday (1 = Monday … 7 = Sunday) and the ordinal (1–4, or 'last') in each language. */
const WEEKDAY: Record<Exclude<Language, 'ru'>, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  fa: ['دوشنبهٔ', 'سه‌شنبهٔ', 'چهارشنبهٔ', 'پنجشنبهٔ', 'جمعهٔ', 'شنبهٔ', 'یکشنبهٔ'],
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'],
};
type Nth = 1 | 2 | 3 | 4 | 'last';
const ORDINAL: Record<Exclude<Language, 'ru'>, Record<Nth, string>> = {
  en: { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', last: 'last' },
  fa: { 1: 'اول', 2: 'دوم', 3: 'سوم', 4: 'چهارم', last: 'آخر' },
  vi: { 1: 'đầu tiên', 2: 'thứ hai', 3: 'thứ ba', 4: 'thứ tư', last: 'cuối cùng' },
};
/** Russian: «в/во» + an ordinal agreeing with the weekday's gender + the weekday in the accusative. */
const RU_WEEKDAY = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];
const RU_GENDER = ['m', 'm', 'f', 'm', 'f', 'f', 'n'] as const;
const RU_ORDINAL: Record<'m' | 'f' | 'n', Record<Nth, string>> = {
  m: { 1: 'в первый', 2: 'во второй', 3: 'в третий', 4: 'в четвёртый', last: 'в последний' },
  f: { 1: 'в первую', 2: 'во вторую', 3: 'в третью', 4: 'в четвёртую', last: 'в последнюю' },
  n: { 1: 'в первое', 2: 'во второе', 3: 'в третье', 4: 'в четвёртое', last: 'в последнее' },
};

function monthlyWords(language: Language, weekday: number, nth: Nth): string {
  switch (language) {
    case 'en':
      return `every month on the ${ORDINAL.en[nth]} ${WEEKDAY.en[weekday - 1]}`;
    case 'fa':
      return `هر ماه، ${WEEKDAY.fa[weekday - 1]} ${ORDINAL.fa[nth]}`;
    case 'vi':
      return `vào ${WEEKDAY.vi[weekday - 1]} ${ORDINAL.vi[nth]} của mỗi tháng`;
    case 'ru':
      return `каждый месяц ${RU_ORDINAL[RU_GENDER[weekday - 1]!][nth]} ${RU_WEEKDAY[weekday - 1]}`;
  }
}

const PERSIAN_DIGITS = (n: number) => n.toString().replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
function everyWords(language: Language, unit: 'day' | 'week', n: number): string {
  const table: Record<Language, Record<'day' | 'week', [string, (n: number) => string]>> = {
    en: { day: ['every day', (k) => `every ${k} days`], week: ['every week', (k) => `every ${k} weeks`] },
    fa: {
      day: ['هر روز', (k) => `هر ${PERSIAN_DIGITS(k)} روز`],
      week: ['هر هفته', (k) => `هر ${PERSIAN_DIGITS(k)} هفته`],
    },
    vi: { day: ['hằng ngày', (k) => `mỗi ${k} ngày`], week: ['hằng tuần', (k) => `mỗi ${k} tuần`] },
    ru: { day: ['каждый день', (k) => `каждые ${k} дня`], week: ['каждую неделю', (k) => `каждые ${k} недели`] },
  };
  const [one, many] = table[language][unit];
  return n === 1 ? one : many(n);
}

function spoken(language: Language, rule: string): string {
  return recurrenceText(speakerFor(translator, language), rule).replace(RLM_AND_ISOLATES, '');
}

/** The first dates of the series, from the library. */
function dates(rule: string, start: Temporal.PlainDateTime, count = 12): Temporal.PlainDateTime[] {
  return expandWallClock(rule, start, start, start.add({ years: 2 }), count);
}

/** Which of its weekday in the month every date is, if they all agree: 1–4, or the last. */
function sharedNth(series: Temporal.PlainDateTime[]): Nth {
  const nths = new Set(series.map((d) => Math.ceil(d.day / 7)));
  if (nths.size === 1 && [...nths][0]! <= 4) return [...nths][0] as Nth;
  expect(series.every((d) => d.day + 7 > d.daysInMonth)).toBe(true);
  return 'last';
}

describe('recurrence in words, against the RRULE', () => {
  // 35 consecutive start dates: every weekday at every position in the month, the 5th ones included.
  const starts = Array.from({ length: 35 }, (_, i) => Temporal.PlainDateTime.from('2027-06-01T10:00').add({ days: i }));

  for (const language of LANGUAGES) {
    it(`GIVEN a monthly series from any date WHEN described in ${language} THEN it names the weekday and position the rule's dates have`, () => {
      for (const start of starts) {
        const rule = ruleFor({ kind: 'monthly' }, start);
        const series = dates(rule, start);
        const weekdays = new Set(series.map((d) => d.dayOfWeek));
        expect(weekdays.size, rule).toBe(1);
        expect(spoken(language, rule), `${start.toString()} ${rule}`).toBe(
          monthlyWords(language, [...weekdays][0]!, sharedNth(series)),
        );
      }
    });

    it(`GIVEN daily and weekly series with an interval WHEN described in ${language} THEN the number is the gap between the rule's dates`, () => {
      const start = Temporal.PlainDateTime.from('2027-06-08T10:00');
      for (const kind of ['daily', 'weekly'] as const) {
        for (const interval of [1, 2, 3]) {
          const rule = ruleFor({ kind, interval } satisfies RecurrenceSpec, start);
          const [first, second] = dates(rule, start, 2);
          const gapDays = first!.until(second!).total('days');
          const n = kind === 'daily' ? gapDays : gapDays / 7;
          expect(n, rule).toBe(interval);
          expect(spoken(language, rule), rule).toBe(everyWords(language, kind === 'daily' ? 'day' : 'week', n));
        }
      }
    });

    it(`GIVEN a rule with no words WHEN described in ${language} THEN the rule itself is shown`, () => {
      const rule = 'FREQ=MONTHLY;BYMONTHDAY=15';
      expect(spoken(language, rule)).toContain(rule);
    });
  }

  it('GIVEN the example of the report (8 June 2027, a second Tuesday) THEN no language says "last"', () => {
    const start = Temporal.PlainDateTime.from('2027-06-08T10:00');
    const rule = ruleFor({ kind: 'monthly' }, start);
    expect(rule).toBe('FREQ=MONTHLY;BYDAY=+2TU');
    expect(spoken('fa', rule)).toBe('هر ماه، سه‌شنبهٔ دوم');
    expect(spoken('ru', rule)).toBe('каждый месяц во второй вторник');
  });
});
