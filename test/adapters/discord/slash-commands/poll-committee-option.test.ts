import { describe, expect, it } from 'vitest';
import { commandTextFromOptions } from '../../../../src/adapters/discord/slash-commands/index.ts';
import { COMMAND_OPTIONS } from '../../../../src/adapters/discord/slash-commands/command-options.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { parsePollInput } from '../../../../src/features/polls/poll-options-parser.ts';
import { filledOptions, type FilledOptions } from './interactions.ts';

/** `/poll`'s `committee` option: what it becomes for the core's poll parser. */
const text = (filled: FilledOptions) => commandTextFromOptions('poll', filledOptions('poll', filled));

describe('/poll committee option → --committee NAME', () => {
  it('GIVEN a committee of several words with other settings THEN the poll parser reads exactly that name', () => {
    const { args } = text({
      question: 'Which template?',
      choice1: 'Dublin Core',
      choice2: 'MARC',
      anon: true,
      until: '3d',
      committee: 'Conferences and meetings',
    });
    expect(parsePollInput(args)).toEqual({
      ok: true,
      draft: {
        question: 'Which template?',
        options: ['Dublin Core', 'MARC'],
        multi: false,
        anonymous: true,
        hideResults: false,
        everywhere: false,
        until: '3d',
        committee: 'Conferences and meetings',
      },
    });
  });

  it('GIVEN a Persian committee name THEN it reaches the parser as typed', () => {
    const { args } = text({ question: 'کدام قالب؟', choice1: 'دابلین کور', choice2: 'مارک', committee: 'مستندسازی' });
    const parsed = parsePollInput(args);
    expect(parsed.ok && parsed.draft.committee).toBe('مستندسازی');
  });

  it('GIVEN no committee THEN the poll has none', () => {
    const parsed = parsePollInput(text({ question: 'Q', choice1: 'A', choice2: 'B' }).args);
    expect(parsed.ok && parsed.draft.committee).toBeUndefined();
  });

  it('GIVEN a committee name with a “|” or a --word THEN it is refused, never read as answers or settings', () => {
    for (const committee of ['Docs | Newsletter', 'Docs --everywhere']) {
      expect(() => text({ question: 'Q', choice1: 'A', choice2: 'B', committee }), committee).toThrow(UserError);
    }
  });

  it('GIVEN the option list THEN committee autocompletes from the committees, as /join does', () => {
    const poll = COMMAND_OPTIONS.poll.find((o) => o.name === 'committee');
    const join = COMMAND_OPTIONS.join.find((o) => o.name === 'committee');
    expect(poll).toMatchObject({ type: 'string', autocomplete: 'committees' });
    expect(poll).toMatchObject({ autocomplete: join && 'autocomplete' in join ? join.autocomplete : null });
  });
});
