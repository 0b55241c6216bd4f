import { describe, it, expect } from 'vitest';
import {
  gregorianToJalali,
  isValidJalaliDate,
  jalaliMonthLength,
  jalaliToGregorian,
} from '../../../src/i18n/calendars/jalali.ts';
import { lookupMonthName } from '../../../src/i18n/calendars/month-names.ts';

function intlMonthNames(locale: string, withDay: boolean): string[] {
  // Dates spread over one year, each in a different month of both calendars' years.
  return Array.from({ length: 12 }, (_, i) => {
    const parts = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      month: 'long',
      ...(withDay ? { day: 'numeric' } : {}),
    }).formatToParts(new Date(Date.UTC(2023, i, 10)));
    return parts.find((p) => p.type === 'month')?.value ?? '';
  });
}

describe('Jalali calendar wrappers', () => {
  it('GIVEN 23 Khordad 1402 THEN it is 13 June 2023 and back', () => {
    expect(jalaliToGregorian(1402, 3, 23)).toEqual({ year: 2023, month: 6, day: 13 });
    expect(gregorianToJalali(2023, 6, 13)).toEqual({ year: 1402, month: 3, day: 23 });
  });

  it('GIVEN Esfand of the leap year 1403 and of 1402 THEN only 1403 has a 30th', () => {
    expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
    expect(isValidJalaliDate(1402, 12, 30)).toBe(false);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(jalaliMonthLength(1402, 12)).toBe(29);
  });

  it('GIVEN a year or month outside the calendar THEN the wrappers answer invalid instead of throwing', () => {
    expect(isValidJalaliDate(5000, 1, 1)).toBe(false);
    expect(isValidJalaliDate(1402, 13, 1)).toBe(false);
    expect(jalaliMonthLength(1402, 13)).toBeUndefined();
    expect(jalaliMonthLength(9000, 1)).toBeUndefined();
  });

  it('GIVEN every Nowruz 1395–1410 THEN jalaali-js agrees with Intl persian calendar', () => {
    for (let year = 1395; year <= 1410; year++) {
      const g = jalaliToGregorian(year, 1, 1);
      const parts = new Intl.DateTimeFormat('en-u-ca-persian', {
        timeZone: 'UTC',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      }).formatToParts(new Date(Date.UTC(g.year, g.month - 1, g.day)));
      const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      expect([field('year'), field('month'), field('day')]).toEqual([year, 1, 1]);
    }
  });
});

describe('lookupMonthName', () => {
  it('GIVEN the spellings of Tir THEN each is month 4 of the Persian calendar', () => {
    for (const name of ['تیر', 'تیرماه', 'تیر ماه', 'تیر\u200cماه', 'تير', 'Tir', 'TIR']) {
      expect(lookupMonthName(name), name).toEqual({ calendar: 'persian', month: 4 });
    }
  });

  it('GIVEN Ordibehesht with Arabic yeh and Amordad THEN they are months 2 and 5', () => {
    expect(lookupMonthName('ارديبهشت')).toEqual({ calendar: 'persian', month: 2 });
    expect(lookupMonthName('Amordad')).toEqual({ calendar: 'persian', month: 5 });
    expect(lookupMonthName('امرداد')).toEqual({ calendar: 'persian', month: 5 });
  });

  it('GIVEN Gregorian month names in en, ru, vi and fa THEN each is its Gregorian month', () => {
    const cases: [string, number][] = [
      ['January', 1],
      ['sept', 9],
      ['ноября', 11],
      ['ноябрь', 11],
      ['февр.', 2],
      ['tháng 9', 9],
      ['tháng chín', 9],
      ['tháng 10', 10],
      ['ژوئن', 6],
      ['فوریهٔ', 2],
    ];
    for (const [name, month] of cases) expect(lookupMonthName(name), name).toEqual({ calendar: 'gregorian', month });
  });

  it('GIVEN a word that is no month THEN there is no answer', () => {
    expect(lookupMonthName('tomorrow')).toBeUndefined();
    expect(lookupMonthName('tháng')).toBeUndefined();
  });

  it("GIVEN Intl's Persian-calendar month names in fa, en, ru and vi THEN every one is known, in order", () => {
    // 10 January 2023 is 20 Dey: Intl's list starts at Dey (month 10).
    for (const locale of ['fa-IR-u-ca-persian', 'en-u-ca-persian', 'ru-u-ca-persian', 'vi-u-ca-persian']) {
      intlMonthNames(locale, true).forEach((name, i) => {
        expect(lookupMonthName(name), name).toEqual({ calendar: 'persian', month: ((i + 9) % 12) + 1 });
      });
    }
  });

  it("GIVEN Intl's Gregorian month names in en, ru (both cases), vi and fa THEN every one is known", () => {
    for (const locale of ['en', 'ru', 'vi', 'fa-IR-u-ca-gregory']) {
      for (const withDay of [true, false]) {
        intlMonthNames(locale, withDay).forEach((name, i) => {
          expect(lookupMonthName(name), `${locale} ${name}`).toEqual({ calendar: 'gregorian', month: i + 1 });
        });
      }
    }
  });
});
