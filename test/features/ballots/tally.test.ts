import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeTally, leaders, responseRate } from '../../../src/features/ballots/tally.ts';
import { countWithPercent } from '../../../src/features/ballots/count-format.ts';
import { detectPollLanguage } from '../../../src/features/polls/poll-language.ts';

const options = [
  { id: 1, label: 'A' },
  { id: 2, label: 'B' },
  { id: 3, label: 'C' },
];

describe('tally', () => {
  it('GIVEN a single-answer poll with thirds THEN the percents add up to exactly 100', () => {
    const tally = computeTally(
      options,
      new Map([
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
      3,
      false,
    );
    expect(tally.rows.map((r) => r.percent)).toEqual([34, 33, 33]);
  });

  it('GIVEN any single-answer counts THEN the percents add up to 100 and each is within one of exact', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 2, maxLength: 10 }), (counts) => {
        const opts = counts.map((_, i) => ({ id: i, label: String(i) }));
        const voters = counts.reduce((a, b) => a + b, 0);
        const tally = computeTally(opts, new Map(counts.map((c, i) => [i, c])), voters, false);
        if (voters === 0) return tally.rows.every((r) => r.percent === 0);
        const sum = tally.rows.reduce((a, r) => a + r.percent, 0);
        return sum === 100 && tally.rows.every((r) => Math.abs(r.percent - (r.count * 100) / voters) < 1);
      }),
    );
  });

  it('GIVEN a multiple-answer poll THEN each percent is of the voters, and they may add up to more than 100', () => {
    const tally = computeTally(
      options,
      new Map([
        [1, 4],
        [2, 2],
      ]),
      4,
      true,
    );
    expect(tally.rows.map((r) => r.percent)).toEqual([100, 50, 0]);
    expect(tally.voters).toBe(4);
  });

  it('GIVEN no votes THEN every count and percent is zero and nobody leads', () => {
    const tally = computeTally(options, new Map(), 0, false);
    expect(tally.rows.every((r) => r.count === 0 && r.percent === 0)).toBe(true);
    expect(leaders(tally).size).toBe(0);
  });

  it('GIVEN a tie THEN both options lead', () => {
    expect([
      ...leaders(
        computeTally(
          options,
          new Map([
            [1, 2],
            [2, 2],
            [3, 1],
          ]),
          5,
          false,
        ),
      ),
    ]).toEqual([1, 2]);
  });

  it('GIVEN voters and an audience THEN the response rate is a whole percent, never above 100', () => {
    expect(responseRate(6, 10)).toBe(60);
    expect(responseRate(3, 0)).toBe(0);
    expect(responseRate(12, 10)).toBe(100);
  });
});

describe('poll language', () => {
  it('GIVEN the words of a poll THEN its language follows their script', () => {
    expect(detectPollLanguage(['کدام روز؟', 'Koha'], 'en')).toBe('fa');
    expect(detectPollLanguage(['Какой день?'], 'fa')).toBe('ru');
    expect(detectPollLanguage(['Ngày nào phù hợp?'], 'en')).toBe('vi');
    expect(detectPollLanguage(['Which day?'], 'fa')).toBe('en');
  });

  it('GIVEN a count and percent THEN they are written in the language digits', () => {
    expect(countWithPercent(12, 40, 'fa')).toBe('۱۲ (۴۰٪)');
    expect(countWithPercent(12, 40, 'en')).toBe('12 (40%)');
  });
});
