import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatDate,
  formatDateTime,
  formatTime,
  formatUnderstood,
  type FormatOptions,
} from '../../src/i18n/date-format.ts';
import { parseWhen } from '../../src/i18n/when-parser.ts';
import type { Language } from '../../src/i18n/languages.ts';

const FSI = '\u2068';
const PDI = '\u2069';

/** 10:00 on 13 June 2023 (23 Khordad 1402) in Tehran. */
const TEHRAN_TEN = new Date('2023-06-13T06:30:00Z');
/** 10:00 on 10 November 2015 in Kemerovo (Asia/Novokuznetsk, +07:00). */
const KEMEROVO_TEN = new Date('2015-11-10T03:00:00Z');
/** 10:00 on 13 June 2023 in Ho Chi Minh City. */
const SAIGON_TEN = new Date('2023-06-13T03:00:00Z');

const tehran = (language: Language, calendar: FormatOptions['calendar']): FormatOptions => ({
  language,
  calendar,
  timeZone: 'Asia/Tehran',
});

describe('formatDate', () => {
  it('GIVEN fa and the persian calendar THEN ۲۳ خرداد ۱۴۰۲', () => {
    expect(formatDate(TEHRAN_TEN, tehran('fa', 'persian'))).toBe('۲۳ خرداد ۱۴۰۲');
  });

  it('GIVEN ru and the gregorian calendar THEN 10 ноября 2015 г.', () => {
    expect(formatDate(KEMEROVO_TEN, { language: 'ru', calendar: 'gregorian', timeZone: 'Asia/Novokuznetsk' })).toBe(
      '10 ноября 2015 г.',
    );
  });

  it('GIVEN en and vi with the gregorian calendar THEN 13 June 2023 and 13 tháng 6, 2023', () => {
    expect(formatDate(TEHRAN_TEN, tehran('en', 'gregorian'))).toBe('13 June 2023');
    expect(formatDate(SAIGON_TEN, { language: 'vi', calendar: 'gregorian', timeZone: 'Asia/Ho_Chi_Minh' })).toBe(
      '13 tháng 6, 2023',
    );
  });

  it('GIVEN en with the persian calendar and fa with the gregorian calendar THEN each mixes correctly', () => {
    expect(formatDate(TEHRAN_TEN, tehran('en', 'persian'))).toBe('23 Khordad 1402');
    expect(formatDate(TEHRAN_TEN, tehran('fa', 'gregorian'))).toBe('۱۳ ژوئن ۲۰۲۳');
    expect(formatDate(TEHRAN_TEN, tehran('ru', 'persian'))).toBe('23 хордад 1402');
    expect(formatDate(TEHRAN_TEN, tehran('vi', 'persian'))).toBe('23 Khordad, 1402');
  });

  it('GIVEN an instant that is already the next day in the zone THEN the zone’s date', () => {
    const instant = new Date('2023-06-12T21:00:00Z'); // 00:30 on 13 June in Tehran
    expect(formatDate(instant, tehran('en', 'gregorian'))).toBe('13 June 2023');
    expect(formatDate(instant, { language: 'en', calendar: 'gregorian', timeZone: 'UTC' })).toBe('12 June 2023');
  });
});

describe('formatTime', () => {
  it('GIVEN fa THEN 24-hour time with Persian digits', () => {
    expect(formatTime(TEHRAN_TEN, tehran('fa', 'persian'))).toBe('۱۰:۰۰');
  });

  it('GIVEN en at midnight and in the afternoon THEN 00:05 and 15:30', () => {
    const utc: FormatOptions = { language: 'en', calendar: 'gregorian', timeZone: 'UTC' };
    expect(formatTime(new Date('2023-06-13T00:05:00Z'), utc)).toBe('00:05');
    expect(formatTime(new Date('2023-06-13T15:30:00Z'), utc)).toBe('15:30');
  });
});

describe('formatDateTime', () => {
  it('GIVEN fa THEN date، ساعت time and the isolated zone and offset', () => {
    expect(formatDateTime(TEHRAN_TEN, tehran('fa', 'persian'))).toBe(
      `۲۳ خرداد ۱۴۰۲، ساعت ۱۰:۰۰ (${FSI}Asia/Tehran${PDI}، ${FSI}+۰۳:۳۰${PDI})`,
    );
  });

  it('GIVEN en THEN 13 June 2023, 10:00 (Asia/Tehran, +03:30)', () => {
    expect(formatDateTime(TEHRAN_TEN, tehran('en', 'gregorian'))).toBe('13 June 2023, 10:00 (Asia/Tehran, +03:30)');
  });

  it('GIVEN ru THEN 10 ноября 2015 г. в 10:00 (Asia/Novokuznetsk, +07:00)', () => {
    expect(formatDateTime(KEMEROVO_TEN, { language: 'ru', calendar: 'gregorian', timeZone: 'Asia/Novokuznetsk' })).toBe(
      '10 ноября 2015 г. в 10:00 (Asia/Novokuznetsk, +07:00)',
    );
  });

  it('GIVEN vi in Asia/Ho_Chi_Minh THEN the zone is shown as given, never as Asia/Saigon', () => {
    expect(formatDateTime(SAIGON_TEN, { language: 'vi', calendar: 'gregorian', timeZone: 'Asia/Ho_Chi_Minh' })).toBe(
      '10:00 ngày 13 tháng 6, 2023 (Asia/Ho_Chi_Minh, +07:00)',
    );
  });

  it('GIVEN Tehran in July 2021 THEN the offset label is +04:30', () => {
    expect(formatDateTime(new Date('2021-07-01T05:30:00Z'), tehran('en', 'persian'))).toBe(
      '10 Tir 1400, 10:00 (Asia/Tehran, +04:30)',
    );
  });
});

describe('formatUnderstood', () => {
  const esfand30 = { calendar: 'persian', year: 1402, month: 12, day: 30 } as const;
  const february30 = { calendar: 'gregorian', year: 2023, month: 2, day: 30 } as const;

  it('GIVEN 30 Esfand 1402, which does not exist THEN it is shown in every language', () => {
    expect(formatUnderstood(esfand30, 'fa')).toBe('۳۰ اسفند ۱۴۰۲');
    expect(formatUnderstood(esfand30, 'en')).toBe('30 Esfand 1402');
    expect(formatUnderstood(esfand30, 'ru')).toBe('30 эсфанд 1402');
    expect(formatUnderstood(esfand30, 'vi')).toBe('30 Esfand, 1402');
  });

  it('GIVEN 30 February 2023 THEN it is shown in every language', () => {
    expect(formatUnderstood(february30, 'en')).toBe('30 February 2023');
    expect(formatUnderstood(february30, 'ru')).toBe('30 февраля 2023 г.');
    expect(formatUnderstood(february30, 'vi')).toBe('30 tháng 2, 2023');
    expect(formatUnderstood(february30, 'fa')).toBe('۳۰ فوریهٔ ۲۰۲۳');
  });

  it('GIVEN a time with the date THEN it follows the date as in formatDateTime, without zone', () => {
    expect(formatUnderstood({ ...february30, hour: 10, minute: 5 }, 'en')).toBe('30 February 2023, 10:05');
    expect(formatUnderstood({ ...esfand30, hour: 9, minute: 0 }, 'fa')).toBe('۳۰ اسفند ۱۴۰۲، ساعت ۰۹:۰۰');
  });

  it('GIVEN a month outside 1–12 THEN the date is shown as numbers', () => {
    expect(formatUnderstood({ calendar: 'gregorian', year: 2023, month: 13, day: 1 }, 'en')).toBe('2023-13-01');
    expect(formatUnderstood({ calendar: 'persian', year: 1402, month: 13, day: 1 }, 'fa')).toBe('۱۴۰۲-۱۳-۰۱');
  });
});

describe('formatting and parsing agree', () => {
  const zones = ['Asia/Tehran', 'Asia/Novokuznetsk', 'Asia/Ho_Chi_Minh', 'UTC'];
  const languages: Language[] = ['en', 'fa', 'vi', 'ru'];

  it('GIVEN any minute of 2023–2035 in any language, calendar and zone THEN parsing its date and time gives it back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2023, 0, 1) / 60_000, max: Date.UTC(2035, 11, 31) / 60_000 }),
        fc.constantFrom(...languages),
        fc.constantFrom('persian' as const, 'gregorian' as const),
        fc.constantFrom(...zones),
        (minutes, language, calendar, timeZone) => {
          const instant = new Date(minutes * 60_000);
          const o = { language, calendar, timeZone };
          const text = `${formatDate(instant, o)} ${formatTime(instant, o)}`;
          const result = parseWhen(text, { timeZone, now: new Date('2023-01-01T00:00:00Z') });
          expect(result.ok && result.start.toISOString(), text).toBe(instant.toISOString());
        },
      ),
    );
  });
});
