import { describe, expect, it } from 'vitest';
import { MAX_QUOTED_INPUT, quotableParams } from '../../src/core/errors.ts';
import { firstGraphemes } from '../../src/core/grapheme-cut.ts';

/** A lone UTF-16 surrogate half: what a cut inside a pair leaves, and PostgreSQL's jsonb refuses. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutting text by graphemes', () => {
  it('GIVEN a run of one-unit and two-unit characters (seed 182665298) THEN the cut never splits a surrogate pair', () => {
    const text = '\u202A\u{10000}'.repeat(400);
    for (const max of [1, 2, 3, 66, 67, 99, 100, 133, 200]) {
      const { text: start, cut } = firstGraphemes(text, max);
      expect(cut).toBe(true);
      expect(start).not.toMatch(LONE_SURROGATE);
      expect(text.startsWith(start)).toBe(true);
    }
  });

  it('GIVEN emoji sequences and letters with combining marks THEN each stays whole and counts as one', () => {
    expect(firstGraphemes('👩🏽‍💻👩🏽‍💻👩🏽‍💻', 2)).toEqual({ text: '👩🏽‍💻👩🏽‍💻', cut: true });
    expect(firstGraphemes('e\u0301e\u0301e\u0301', 1)).toEqual({ text: 'e\u0301', cut: true });
    expect(firstGraphemes('🇮🇷🇻🇳', 1)).toEqual({ text: '🇮🇷', cut: true });
  });

  it('GIVEN a text of at most the limit THEN it is kept whole and not marked as cut', () => {
    expect(firstGraphemes('👩🏽‍💻ab', 3)).toEqual({ text: '👩🏽‍💻ab', cut: false });
    expect(firstGraphemes('', 5)).toEqual({ text: '', cut: false });
  });

  it('GIVEN an error quoting a long argument of emoji sequences THEN the quote is whole emoji and an ellipsis', () => {
    const { value, max } = quotableParams({ value: '👩🏽‍💻'.repeat(200), max: 5 });
    expect(value).toBe(`${'👩🏽‍💻'.repeat(MAX_QUOTED_INPUT - 1)}…`);
    expect(max).toBe(5);
  });
});
