import { describe, expect, it } from 'vitest';
import { checkValues, defineCommand, type ArgSpec } from '../../src/core/command.ts';
import { UserError } from '../../src/core/errors.ts';

const ARGS: readonly ArgSpec[] = [
  { name: 'question', type: 'text', maxLength: 5 },
  { name: 'choice', type: 'text', list: 2 },
  { name: 'format', type: 'choice', choices: [{ value: 'csv', label: 'CSV' }] },
  { name: 'poll', type: 'poll', required: true },
  { name: 'multi', type: 'flag' },
];

function refusal(run: () => unknown): { key: string; params: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error('not refused');
}

describe('checking typed values against the arguments', () => {
  it('GIVEN values of the right types THEN they pass; blank texts and false switches count as not given', () => {
    expect(checkValues(ARGS, { question: 'Day?', choice: ['A', ' '], format: 'csv', poll: 3, multi: false })).toEqual({
      question: 'Day?',
      choice: ['A'],
      format: 'csv',
      poll: 3,
    });
    expect(checkValues(ARGS, { question: '   ', poll: 1 })).toEqual({ poll: 1 });
  });

  it('GIVEN a length in characters THEN an emoji counts as one, not as its two UTF-16 units', () => {
    expect(checkValues(ARGS, { question: '👍👍👍👍👍', poll: 1 })).toEqual({ question: '👍👍👍👍👍', poll: 1 });
  });

  it('GIVEN each kind of wrong value THEN the refusal names the option and what is wrong', () => {
    expect(refusal(() => checkValues(ARGS, { question: 'Too long', poll: 1 }))).toEqual({
      key: 'error.option-too-long',
      params: { option: 'question', max: 5 },
    });
    expect(refusal(() => checkValues(ARGS, { format: 'pdf', poll: 1 })).key).toBe('error.option-invalid');
    expect(refusal(() => checkValues(ARGS, { choice: ['A', 'B', 'C'], poll: 1 })).key).toBe('error.option-invalid');
    expect(refusal(() => checkValues(ARGS, { poll: 0 })).key).toBe('error.option-invalid');
    expect(refusal(() => checkValues(ARGS, { poll: '3' })).key).toBe('error.option-invalid');
    expect(refusal(() => checkValues(ARGS, {})).key).toBe('error.option-missing');
    expect(refusal(() => checkValues(ARGS, { poll: 1, colour: 'red' }))).toEqual({
      key: 'error.option-unknown',
      params: { option: 'colour' },
    });
  });
});

describe('a command without a grammar of its own', () => {
  const command = defineCommand({
    name: 'ics',
    audience: ['member'],
    chats: 'any',
    args: [{ name: 'meeting', type: 'meeting' }],
    run: async () => {},
  });

  it('GIVEN text THEN it is the first argument, an id read in Persian digits or with a #', () => {
    expect(command.parse('۱۲', {})).toEqual({ meeting: 12 });
    expect(command.parse('#7', {})).toEqual({ meeting: 7 });
    expect(command.parse('', {})).toEqual({});
    expect(refusal(() => command.parse('twelve', {}))).toEqual({
      key: 'error.option-number',
      params: { option: 'meeting' },
    });
  });
});
