import { describe, it, expect } from 'vitest';
import { localizeDigits, toLatinDigits } from '../../src/i18n/digits.ts';

describe('toLatinDigits', () => {
  it('GIVEN Persian digits THEN they become ASCII digits', () => {
    expect(toLatinDigits('۱۴۰۲/۰۳/۲۳ ۱۰:۰۰')).toBe('1402/03/23 10:00');
  });

  it('GIVEN Arabic-Indic digits THEN they become ASCII digits', () => {
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });

  it('GIVEN text without such digits THEN it is unchanged', () => {
    expect(toLatinDigits('tomorrow 10:00 فردا')).toBe('tomorrow 10:00 فردا');
  });
});

describe('localizeDigits', () => {
  it('GIVEN fa THEN ASCII digits become Persian digits', () => {
    expect(localizeDigits('+03:30 1402', 'fa')).toBe('+۰۳:۳۰ ۱۴۰۲');
  });

  it('GIVEN en, ru or vi THEN the text is unchanged', () => {
    for (const language of ['en', 'ru', 'vi'] as const) expect(localizeDigits('10:00', language)).toBe('10:00');
  });

  it('GIVEN Persian digits localised and folded back THEN the original ASCII text returns', () => {
    expect(toLatinDigits(localizeDigits('0123456789', 'fa'))).toBe('0123456789');
  });
});
