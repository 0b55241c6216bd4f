import { describe, expect, it } from 'vitest';
import { readWhen } from '../../src/features/when-input.ts';
import { Translator } from '../../src/i18n/translator.ts';
import { isUserError, type UserError } from '../../src/core/errors.ts';

const translator = new Translator();
const tehranFa = { language: 'fa' as const, timeZone: 'Asia/Tehran', calendar: 'persian' as const };
const tehranEn = { ...tehranFa, language: 'en' as const };

function messageOf(run: () => unknown, language: 'en' | 'fa'): string {
  try {
    run();
  } catch (error) {
    if (!isUserError(error)) throw error;
    const e = error as UserError;
    return translator.t(language, e.key, e.params);
  }
  throw new Error('expected a UserError');
}

describe('readWhen', () => {
  it('GIVEN 30 Esfand 1402 (not a leap year) THEN the member hears the date that was understood, in their language', () => {
    expect(messageOf(() => readWhen('۳۰ اسفند ۱۴۰۲', tehranEn), 'en')).toBe(
      '30 Esfand 1402 does not exist in the calendar. Check the day and month.',
    );
    expect(messageOf(() => readWhen('۳۰ اسفند ۱۴۰۲', tehranFa), 'fa')).toContain('۳۰ اسفند ۱۴۰۲');
  });

  it('GIVEN a past time with future required THEN it is refused, saying which date was understood', () => {
    const now = new Date('2023-06-14T00:00:00Z');
    expect(messageOf(() => readWhen('1402/03/23 10:00', tehranEn, { future: true, now }), 'en')).toBe(
      '23 Khordad 1402, 10:00 is already past. Give a time in the future.',
    );
  });

  it('GIVEN a valid future date THEN its instant comes back', () => {
    const now = new Date('2023-06-01T00:00:00Z');
    const when = readWhen('۱۴۰۲/۰۳/۲۳ ۱۰:۰۰', tehranFa, { future: true, now });
    expect(when.start.toISOString()).toBe('2023-06-13T06:30:00.000Z');
  });

  it('GIVEN gibberish THEN the message quotes it and shows forms that work', () => {
    expect(messageOf(() => readWhen('next blursday', tehranEn), 'en')).toContain(
      'I could not read “next blursday” as a date',
    );
  });
});
