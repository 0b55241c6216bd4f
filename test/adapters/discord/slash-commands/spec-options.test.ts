import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ArgSpec } from '../../../../src/core/command.ts';
import { decodeOptions, encodeArgs } from '../../../../src/adapters/discord/slash-commands/spec-options.ts';

/** The generic encoder/decoder: nothing in it knows a command, so one made-up spec covers every type. */
const ARGS: readonly ArgSpec[] = [
  { name: 'title', type: 'text', maxLength: 50 },
  { name: 'answer', type: 'text', list: 3 },
  { name: 'when', type: 'when', required: true },
  {
    name: 'kind',
    type: 'choice',
    choices: [
      { value: 'a', labelKey: 'kind.a' },
      { value: 'csv', label: 'CSV' },
    ],
  },
  { name: 'meeting', type: 'meeting', suggest: async () => [] },
  { name: 'loud', type: 'flag' },
  { name: 'who', type: 'member' },
  { name: 'group', type: 'role' },
];
const t = (language: string, key: string, params?: Record<string, unknown>) =>
  `${language}:${key}${params?.n ? `#${String(params.n)}` : ''}`;
const localize = (render: (language: 'en' | 'fa' | 'vi' | 'ru') => string | undefined) => ({
  ru: render('ru')!,
  vi: render('vi')!,
});

describe('encoding arguments as Discord options', () => {
  const options = encodeArgs('demo', ARGS, t, localize);

  it('GIVEN every argument type THEN each becomes the matching option, required ones first, a list as name1…nameN', () => {
    expect(options.map((o) => [o.name, o.type, o.required])).toEqual([
      ['when', ApplicationCommandOptionType.String, true],
      ['title', ApplicationCommandOptionType.String, false],
      ['answer1', ApplicationCommandOptionType.String, false],
      ['answer2', ApplicationCommandOptionType.String, false],
      ['answer3', ApplicationCommandOptionType.String, false],
      ['kind', ApplicationCommandOptionType.String, false],
      ['meeting', ApplicationCommandOptionType.Integer, false],
      ['loud', ApplicationCommandOptionType.Boolean, false],
      ['who', ApplicationCommandOptionType.User, false],
      ['group', ApplicationCommandOptionType.Role, false],
    ]);
  });

  it('GIVEN lengths, choices, suggestions and descriptions THEN they are carried over, localized', () => {
    const byName = Object.fromEntries(options.map((o) => [o.name, o]));
    expect(byName.title).toMatchObject({ max_length: 50, description: 'en:discord.option.demo.title' });
    expect(byName.answer2).toMatchObject({ description: 'en:discord.option.demo.answer#2' });
    expect(byName.kind).toMatchObject({
      choices: [
        { name: 'en:kind.a', name_localizations: { ru: 'ru:kind.a', vi: 'vi:kind.a' }, value: 'a' },
        { name: 'CSV', value: 'csv' },
      ],
    });
    expect(byName.meeting).toMatchObject({ autocomplete: true, min_value: 1 });
    expect(byName.title).not.toHaveProperty('autocomplete');
  });
});

describe('decoding options into argument values', () => {
  const option = (name: string, value: unknown, extra: Partial<CommandInteractionOption> = {}) =>
    ({ name, type: ApplicationCommandOptionType.String, value, ...extra }) as CommandInteractionOption;

  it('GIVEN filled options THEN values come back by argument, a list in order, texts exactly as typed', () => {
    const values = decodeOptions(ARGS, [
      option('answer2', 'B | --multi'),
      option('answer1', 'A'),
      option('when', 'tomorrow 18:00'),
      option('meeting', 7),
      option('loud', true),
      option('who', 'u1', {
        user: { id: 'u1', username: 'sara', globalName: 'Sara' } as never,
        member: { nick: 'Sara K' } as never,
      }),
      option('group', 'r1', { role: { id: 'r1', name: 'Chairs | all' } as never }),
    ]);
    expect(values).toEqual({
      answer: ['A', 'B | --multi'],
      when: 'tomorrow 18:00',
      meeting: 7,
      loud: true,
      who: { userId: 'u1', displayName: 'Sara K' },
      group: { id: 'r1', name: 'Chairs | all' },
    });
  });

  it('GIVEN an option the command does not declare THEN it is passed on, for the core to refuse', () => {
    expect(decodeOptions(ARGS, [option('extra', 'x')])).toEqual({ extra: 'x' });
  });
});
