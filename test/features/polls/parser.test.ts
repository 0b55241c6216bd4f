import { describe, expect, it } from 'vitest';
import { parsePollInput } from '../../../src/features/polls/poll-options-parser.ts';
import { checkPollContent, optionLimit } from '../../../src/features/polls/poll-rules.ts';

describe('poll options parser', () => {
  it('GIVEN a question, options and every flag THEN each is read', () => {
    const result = parsePollInput('Which day? | Monday | Tuesday --multi --anon --hide --until 3d --everywhere');
    expect(result).toEqual({
      ok: true,
      draft: {
        question: 'Which day?',
        options: ['Monday', 'Tuesday'],
        multi: true,
        anonymous: true,
        hideResults: true,
        everywhere: true,
        until: '3d',
      },
    });
  });

  it('GIVEN --until with a date of several words THEN the whole date up to the next flag is kept', () => {
    const result = parsePollInput('کدام روز؟ | شنبه | یکشنبه --until ۳ تیر ۱۴۰۲ ساعت ۱۰ --anon');
    expect(result.ok && result.draft.until).toBe('۳ تیر ۱۴۰۲ ساعت ۱۰');
    expect(result.ok && result.draft.anonymous).toBe(true);
    expect(result.ok && result.draft.options).toEqual(['شنبه', 'یکشنبه']);
  });

  it('GIVEN flags typed by a phone as em or en dashes THEN they count as --', () => {
    const result = parsePollInput('Q | A | B —multi –until 12h');
    expect(result.ok && result.draft.multi).toBe(true);
    expect(result.ok && result.draft.until).toBe('12h');
  });

  it('GIVEN a dash inside an option THEN it stays part of the option', () => {
    const result = parsePollInput('Years? | 2020–2023 | A - B');
    expect(result.ok && result.draft.options).toEqual(['2020–2023', 'A - B']);
  });

  it('GIVEN empty options between bars THEN they are dropped, and spaces are collapsed', () => {
    const result = parsePollInput('  Q  |  A ||  B   b | ');
    expect(result.ok && result.draft).toMatchObject({ question: 'Q', options: ['A', 'B b'] });
  });

  it('GIVEN an unknown flag, a flag with a value, options after flags or --until alone THEN each is a clear error', () => {
    expect(parsePollInput('Q | A | B --native')).toEqual({
      ok: false,
      error: { key: 'poll.error.unknown-flag', params: { flag: '--native' } },
    });
    expect(parsePollInput('Q | A | B --multi yes')).toMatchObject({
      ok: false,
      error: { key: 'poll.error.flag-no-value' },
    });
    expect(parsePollInput('Q | A --multi | B')).toMatchObject({ ok: false, error: { key: 'poll.error.flags-last' } });
    expect(parsePollInput('Q | A | B --until')).toMatchObject({
      ok: false,
      error: { key: 'poll.error.until-missing' },
    });
    expect(parsePollInput('--multi')).toMatchObject({ ok: false, error: { key: 'poll.error.no-question' } });
  });
});

describe('poll rules', () => {
  const options = (n: number) => Array.from({ length: n }, (_, i) => `Option ${i + 1}`);

  it('GIVEN one option or eleven THEN the poll is refused with the limits', () => {
    expect(checkPollContent('Q', options(1), ['telegram'])).toEqual({
      key: 'poll.error.too-few',
      params: { min: 2, count: 1 },
    });
    expect(checkPollContent('Q', options(11), ['telegram'])).toEqual({
      key: 'poll.error.too-many',
      params: { max: 10, count: 11 },
    });
    expect(checkPollContent('Q', options(10), ['telegram'])).toBeNull();
  });

  it('GIVEN an option longer than the strictest platform of the poll THEN it is refused with that limit', () => {
    const option = 'x'.repeat(90);
    expect(checkPollContent('Q', ['A', option], ['telegram'])).toBeNull();
    expect(checkPollContent('Q', ['A', option], ['telegram', 'discord'])).toMatchObject({
      key: 'poll.error.option-too-long',
      params: { max: 80 },
    });
    expect(optionLimit(['bale', 'telegram'])).toBe(100);
  });

  it('GIVEN the same option twice (any case) THEN it is refused', () => {
    expect(checkPollContent('Q', ['Koha', 'koha'], ['telegram'])).toMatchObject({ key: 'poll.error.duplicate-option' });
  });
});
