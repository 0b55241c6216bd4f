import { describe, expect, it } from 'vitest';
import {
  fileReference,
  parseNumberAnswer,
  parseTextAnswer,
  readNumber,
} from '../../../src/features/rounds/round-answer-input.ts';
import { Translator } from '../../../src/i18n/translator.ts';

const words = { en: 'x', fa: 'x', vi: 'x', ru: 'x' };
const counts = { key: 'visits', type: 'number', text: words, required: true, min: 0, integer: true } as const;
const hours = { ...counts, key: 'hours', integer: false, max: 1000 } as const;
const bare = (text: string) => text.replace(/[\u200e\u200f\u2066-\u2069]/g, '');

describe('reading a typed number', () => {
  it.each([
    ['123456', 'en', 123456],
    ['۱۲۳٬۴۵۶', 'fa', 123456],
    ['١٢٣٤٥٦', 'fa', 123456],
    ['۱۲۳۴۵۶', 'en', 123456],
    ['1,234', 'en', 1234],
    ['1,234,567', 'en', 1234567],
    ['1 234', 'ru', 1234],
    ['1\u00a0234\u00a0567', 'ru', 1234567],
    ['1\u202f234', 'ru', 1234],
    ['1.234', 'vi', 1234],
    ['1.234,5', 'vi', 1234.5],
    ['1,234.5', 'en', 1234.5],
    ['12,5', 'ru', 12.5],
    ['12.5', 'en', 12.5],
    ['۱۲٫۵', 'fa', 12.5],
    ['۱۲۳٬۴۵۶٫۷', 'fa', 123456.7],
    ['\u200f۴۵\u200e', 'fa', 45],
    ['  42 ', 'en', 42],
    ['-3', 'en', -3],
    ['−3', 'en', -3],
    ['+7', 'en', 7],
  ] as const)('GIVEN %s typed in %s THEN it reads %d', (typed, language, expected) => {
    expect(readNumber(typed, language)).toBe(expected);
  });

  it.each([['abc'], ['12 visits'], ['12 34'], ['1,23,456'], [''], ['.'], ['1..2'], ['1e5'], ['99999999999999999999']])(
    'GIVEN %j THEN it is no number',
    (typed) => {
      expect(readNumber(typed, 'en')).toBeNull();
    },
  );

  it('GIVEN a lone comma THEN Russian reads a decimal mark where English reads thousands', () => {
    expect(readNumber('1,234', 'ru')).toBe(1.234);
    expect(readNumber('1,234', 'en')).toBe(1234);
  });
});

describe('checking a typed number against its question', () => {
  it('GIVEN a number out of range THEN the refusal names the bound in the member’s digits', () => {
    const refused = parseNumberAnswer('5000', hours, 'fa');
    expect(refused).toEqual({ ok: false, key: 'round.answer.error.above-max', params: { max: 1000 } });
    const t = new Translator();
    if (refused.ok) throw new Error('accepted');
    expect(bare(t.t('fa', refused.key, refused.params))).toBe('عدد باید حداکثر ۱٬۰۰۰ باشد.');
    expect(t.t('en', refused.key, refused.params)).toBe('The number must be at most 1,000.');
    expect(parseNumberAnswer('-1', counts, 'en')).toMatchObject({ ok: false, key: 'round.answer.error.below-min' });
  });

  it('GIVEN a fraction for a count THEN it must be whole; a decimal question takes it', () => {
    expect(parseNumberAnswer('12.5', counts, 'en')).toMatchObject({ ok: false, key: 'round.answer.error.not-whole' });
    expect(parseNumberAnswer('12.5', hours, 'en')).toEqual({ ok: true, value: 12.5 });
  });

  it('GIVEN words THEN the refusal quotes them', () => {
    expect(parseNumberAnswer(' many ', counts, 'en')).toEqual({
      ok: false,
      key: 'round.answer.error.not-a-number',
      params: { text: 'many' },
    });
  });
});

describe('a typed text and a file', () => {
  const question = { key: 'story', type: 'text', text: words, required: false, maxLength: 10 } as const;

  it('GIVEN Persian words with a zero-width non-joiner THEN they are kept as typed, trimmed', () => {
    expect(parseTextAnswer('  کتابخانه‌ها  ', { ...question, maxLength: 100 })).toEqual({
      ok: true,
      value: 'کتابخانه‌ها',
    });
  });

  it('GIVEN too long or empty a text THEN it is refused with its length', () => {
    expect(parseTextAnswer('x'.repeat(11), question)).toEqual({
      ok: false,
      key: 'round.answer.error.too-long',
      params: { length: 11, max: 10 },
    });
    expect(parseTextAnswer('   ', question)).toMatchObject({ ok: false, key: 'round.answer.error.empty-text' });
  });

  it('GIVEN an attachment THEN its platform reference is kept, any type', () => {
    expect(
      fileReference('telegram', {
        type: 'file',
        fileId: 'AgAD',
        fileName: 'report.xlsx',
        mimeType: 'application/x; q=1',
      }),
    ).toEqual({ platform: 'telegram', fileId: 'AgAD', fileName: 'report.xlsx', mimeType: 'application/x' });
    expect(fileReference('discord', { type: 'file', fileId: 'c/m/a' })).toEqual({
      platform: 'discord',
      fileId: 'c/m/a',
      fileName: null,
      mimeType: 'application/octet-stream',
    });
  });
});
