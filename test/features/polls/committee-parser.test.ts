import { describe, expect, it } from 'vitest';
import { parsePollInput } from '../../../src/features/polls/poll-options-parser.ts';

describe('poll options parser: --committee', () => {
  it('GIVEN --committee NAME between other flags THEN the whole name up to the next flag is read', () => {
    const result = parsePollInput('Which template? | Dublin Core | MARC --committee Conferences and meetings --anon');
    expect(result.ok && result.draft.committee).toBe('Conferences and meetings');
    expect(result.ok && result.draft.anonymous).toBe(true);
  });

  it('GIVEN a phone’s dash and a Persian name THEN it is read as --committee', () => {
    const result = parsePollInput('کدام قالب؟ | دابلین کور | مارک —committee مستندسازی');
    expect(result.ok && result.draft.committee).toBe('مستندسازی');
  });

  it('GIVEN --committee with no name THEN the chair is told it needs one', () => {
    expect(parsePollInput('Q | A | B --committee')).toEqual({
      ok: false,
      error: { key: 'poll.error.committee-missing' },
    });
    expect(parsePollInput('Q | A | B --committee --multi')).toEqual({
      ok: false,
      error: { key: 'poll.error.committee-missing' },
    });
  });
});
