import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgValues } from '../../src/core/command.ts';
import { featureCommand } from '../../src/features/feature-command.ts';
import { buildCommandMenus } from '../../src/adapters/telegram/command-menu.ts';
import { createSlashCommandKit } from '../../src/adapters/discord/slash-commands/index.ts';
import { describeCommand } from '../../src/core/command.ts';
import { GROUP, Harness, texts, type Person } from '../support/harness.ts';

/**
 * Issue #16's promise: a command is declared in one place. One spec added to a running app (and no
 * other file) shows in the Telegram menu, in Discord's registration, in /help, and is permission-checked
 * and argument-checked by the core on every platform.
 */
let h: Harness;
let founder: Person;
let member: Person;
const ran: ArgValues[] = [];

const pingCommand = featureCommand({
  name: 'ping',
  audience: ['chair'],
  chats: 'any',
  description: { en: 'Answer with a word', fa: 'پاسخ با یک واژه', vi: 'Trả lời bằng một từ', ru: 'Ответить словом' },
  args: [
    { name: 'word', type: 'text', required: true, maxLength: 20 },
    { name: 'times', type: 'integer' },
  ],
  parse: (text) => {
    const [word = '', times] = text.split(/\s+/);
    return { word, ...(times ? { times: Number(times) } : {}) };
  },
  async run(ctx, values) {
    ran.push(values);
    await ctx.reply('help.line', { command: '/ping', text: values.word.repeat(values.times ?? 1) });
  },
});

beforeAll(async () => {
  h = await Harness.create();
  h.app.bot.router.command(pingCommand);
  founder = h.person('founder', { admin: true });
  await founder.says('/setup new Contract', GROUP);
  member = h.person('member');
  await member.says('/start', GROUP);
});
afterAll(() => h.close());

describe('one command spec, every platform', () => {
  it('GIVEN the spec THEN the Telegram menus list it for group admins, described in each language', () => {
    const menus = buildCommandMenus(h.app.bot.router.allCommands(), (language, command) =>
      describeCommand(command, language, (l, key) => h.app.translator.t(l, key)),
    );
    const admins = menus.filter((m) => m.scope.type === 'all_chat_administrators');
    expect(admins.find((m) => m.languageCode === undefined)!.commands).toContainEqual({
      command: 'ping',
      description: 'Answer with a word',
    });
    expect(admins.find((m) => m.languageCode === 'fa')!.commands).toContainEqual({
      command: 'ping',
      description: 'پاسخ با یک واژه',
    });
    // A chair-only command is not in the members' menu.
    const members = menus.find((m) => m.scope.type === 'all_group_chats' && m.languageCode === undefined)!;
    expect(members.commands.map((c) => c.command)).not.toContain('ping');
  });

  it('GIVEN the spec THEN Discord registers it with typed options, required first, and ru/vi descriptions', () => {
    const kit = createSlashCommandKit({
      commands: h.app.bot.router.allCommands(),
      t: (language, key, params) => h.app.translator.t(language, key, params),
      suggest: (request) => h.app.bot.suggest(request),
      languageOf: async () => 'en',
    });
    const ping = kit.payloads.find((p) => p.name === 'ping');
    expect(ping).toMatchObject({
      description: 'Answer with a word',
      description_localizations: { ru: 'Ответить словом', vi: 'Trả lời bằng một từ' },
    });
    expect(ping!.options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ['word', 3, true],
      ['times', 4, false],
    ]);
    expect(ping!.options![0]).toMatchObject({ max_length: 20 });
  });

  it('GIVEN a chair and a member THEN /help lists it to the chair only', async () => {
    expect(texts(await founder.says('/help', GROUP))).toContain('/ping — Answer with a word');
    expect(texts(await member.says('/help', GROUP))).not.toContain('/ping');
  });

  it('GIVEN a member WHEN /ping THEN the core refuses it before it runs', async () => {
    const before = ran.length;
    expect(texts(await member.says('/ping hello', GROUP))).toMatch(/\/ping is only for: chair/);
    expect(ran.length).toBe(before);
  });

  it('GIVEN the text form and the typed form THEN the handler gets the same typed values', async () => {
    expect(texts(await founder.says('/ping ab 2', GROUP))).toBe('/ping — abab');
    const typed = founder.event({ type: 'command', name: 'ping', args: '', options: { word: 'ab', times: 2 } }, GROUP);
    expect(texts(await h.deliver(typed))).toBe('/ping — abab');
    expect(ran.slice(-2)).toEqual([
      { word: 'ab', times: 2 },
      { word: 'ab', times: 2 },
    ]);
  });

  it('GIVEN typed values the spec refuses THEN the member hears what is wrong, in their language, and nothing runs', async () => {
    const before = ran.length;
    const tooLong = founder.event(
      { type: 'command', name: 'ping', args: '', options: { word: 'x'.repeat(21) } },
      GROUP,
    );
    expect(texts(await h.deliver(tooLong))).toContain('“word” is too long: at most 20 characters.');
    const missing = founder.event({ type: 'command', name: 'ping', args: '', options: { times: 2 } }, GROUP);
    expect(texts(await h.deliver(missing))).toContain('Please fill in “word”');
    const wrongType = founder.event(
      { type: 'command', name: 'ping', args: '', options: { word: 'a', times: 'two' } },
      GROUP,
    );
    expect(texts(await h.deliver(wrongType))).toContain('“times”');
    expect(ran.length).toBe(before);
  });
});
