import { describe, expect, it } from 'vitest';
import {
  joinPersianAffixes,
  normalizeForSearch,
  queryWords,
  searchTokens,
  searchWords,
} from '../../../src/features/experiences/search-normalizer.ts';

const ZWNJ = '\u200C';

describe('search normalizer', () => {
  it('GIVEN a Persian word with and without its ZWNJ THEN both have one form', () => {
    expect(normalizeForSearch(`کتابخانه${ZWNJ}های`)).toBe('کتابخانههای');
    expect(normalizeForSearch('کتابخانههای')).toBe('کتابخانههای');
  });

  it('GIVEN Arabic yeh, alef maksura, kaf and teh marbuta THEN they fold to the Persian letters', () => {
    expect(normalizeForSearch('كتابخانه')).toBe('کتابخانه');
    expect(normalizeForSearch('علي')).toBe('علی');
    expect(normalizeForSearch('مصطفى')).toBe('مصطفی');
    expect(normalizeForSearch('مكتبة')).toBe('مکتبه');
  });

  it('GIVEN hamza and madda forms and harakat THEN the bare letters remain', () => {
    expect(normalizeForSearch('آموزش')).toBe('اموزش');
    expect(normalizeForSearch('أحمد إيران')).toBe('احمد ایران');
    expect(normalizeForSearch('رئیس')).toBe('رییس');
    expect(normalizeForSearch('کِتاب')).toBe('کتاب');
  });

  it('GIVEN Persian and Arabic-Indic digits THEN they become Latin digits', () => {
    expect(normalizeForSearch('۱۴۰۲/۰۳/۲۳')).toBe('1402/03/23');
    expect(normalizeForSearch('٢٠٢٣')).toBe('2023');
  });

  it('GIVEN Vietnamese with diacritics and đ THEN the plain letters remain, in lower case', () => {
    expect(normalizeForSearch('Thư viện số')).toBe('thu vien so');
    expect(normalizeForSearch('ĐẠI HỌC Đà Nẵng')).toBe('dai hoc da nang');
  });

  it('GIVEN Russian in capitals THEN it is lower case, ё is е, and й stays a letter of its own', () => {
    expect(normalizeForSearch('БИБЛИОТЕКА')).toBe('библиотека');
    expect(normalizeForSearch('Ёлка')).toBe('елка');
    expect(normalizeForSearch('Кузбасский')).toBe('кузбасский');
  });

  it('GIVEN presentation forms, full-width letters and bidi marks THEN they are folded or dropped', () => {
    expect(normalizeForSearch('\uFED9\uFE98\uFE8E\uFE8F')).toBe('کتاب');
    expect(normalizeForSearch('Ｌｉｂｒａｒｙ')).toBe('library');
    expect(normalizeForSearch('\u200Fکتاب\u2068X\u2069')).toBe('کتابx');
  });

  it('GIVEN a text THEN its words are the runs of letters and digits', () => {
    expect(searchWords('«کتابخانه‌های دیجیتال»، ۱۴۰۲!')).toEqual(['کتابخانههای', 'دیجیتال', '1402']);
    expect(searchWords('thư viện-số; e-library')).toEqual(['thu', 'vien', 'so', 'e', 'library']);
  });

  it('GIVEN a word written with a ZWNJ THEN it is indexed whole and by its parts', () => {
    expect(searchTokens(`کتابخانه${ZWNJ}های دیجیتال`).sort()).toEqual(
      ['کتابخانههای', 'کتابخانه', 'های', 'دیجیتال'].sort(),
    );
  });

  it('GIVEN several texts THEN the tokens are distinct', () => {
    expect(searchTokens('Thư viện', 'thu vien', 'THƯ VIỆN số')).toEqual(['thu', 'vien', 'so']);
  });

  it('GIVEN a query THEN its distinct words come in order, at most eight', () => {
    expect(queryWords('thu vien so thu')).toEqual(['thu', 'vien', 'so']);
    expect(queryWords('a b c d e f g h i j')).toHaveLength(8);
    expect(queryWords('  ،؛ !! ')).toEqual([]);
  });

  it('GIVEN Persian affixes written apart, with a ZWNJ or joined THEN the index and the query agree on the joined form', () => {
    expect(searchTokens('موزه ها').sort()).toEqual(['موزه', 'ها', 'موزهها'].sort());
    expect(queryWords('موزه ها')).toEqual(['موزهها']);
    expect(queryWords(`موزه${ZWNJ}ها`)).toEqual(['موزهها']);
    expect(queryWords('كتابخانه هاي عمومي')).toEqual(['کتابخانههای', 'عمومی']);
    expect(queryWords('بزرگ ترین کتابخانه')).toEqual(['بزرگترین', 'کتابخانه']);
    expect(queryWords('می روم')).toEqual(['میروم']);
    expect(joinPersianAffixes(['ها', 'کتاب'])).toEqual(['ها', 'کتاب']);
    expect(joinPersianAffixes(['کتاب', 'می'])).toEqual(['کتاب', 'می']);
  });

  /** A story as a careless paste gives it: one word with a ZWNJ, then Persian words without any space. */
  function storyWithoutSpaces(length: number): string {
    const piece = 'کتابخانههایعمومیاستان';
    return `کتاب${ZWNJ}ها ${piece.repeat(Math.ceil(length / piece.length))}`.slice(0, length);
  }

  /** The best of three runs: a busy machine can only slow a run down, never speed it up. */
  function millisecondsToTokenize(text: string): number {
    const runs = [1, 2, 3].map(() => {
      const started = performance.now();
      searchTokens(text);
      return performance.now() - started;
    });
    return Math.min(...runs);
  }

  it('GIVEN a long story without spaces THEN tokenizing it takes time in proportion to its length', () => {
    millisecondsToTokenize(storyWithoutSpaces(20_000)); // warm-up: ICU's tables and the JIT
    const short = millisecondsToTokenize(storyWithoutSpaces(20_000));
    const long = millisecondsToTokenize(storyWithoutSpaces(200_000));
    // Generous bounds (the floor absorbs a busy machine): the backtracking expression took 1.3 s for
    // 20,000 characters and would take ~100× that for ten times as many.
    expect(short).toBeLessThan(50);
    expect(long).toBeLessThan(30 * Math.max(short, 20));
  });
});
