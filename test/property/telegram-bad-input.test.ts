import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS } from '../../src/features/action-permissions.ts';
import type { Role } from '../../src/core/roles.ts';
import { TelegramHarness } from '../e2e/telegram/telegram-harness.ts';
import {
  buttonPress,
  group,
  person,
  privateChatOf,
  textMessage,
  type FakeChat,
  type FakeUser,
} from '../fakes/telegram/updates.ts';
import { argumentText, forgedId, nastyText } from './support/nasty-text.ts';
import { halfWrittenObjects } from './support/database-state.ts';
import { htmlProblems, visibleHtmlText } from './support/telegram-html.ts';

/**
 * Random hostile input through the real telegraf adapter against the fake Bot API: messages with random
 * commands and text, random button presses, in private and group chats. Every call the bot makes must
 * be one Telegram accepts (the fake answers 400 where Telegram would), every text must be escaped HTML
 * with no tag from a member's input, within 4096 visible characters (1024 for a caption) and callback
 * data within 64 bytes; the bot logs nothing as a bug and still answers /help.
 */

const ROLES: Role[] = ['member', 'curator', 'chair', 'admin'];
/** Every command the app declares: filled in once the app is up (see `beforeAll`). */
const COMMANDS: string[] = [];
const ACTIONS = Object.keys(ACTION_PERMISSIONS);
const GROUP_CHAT: FakeChat = group(-100_777, 'Fuzz librarians');
/** No pacing: the property is about content, and pacing is tested (and benched) elsewhere. */
const NO_PACING = { globalPerSecond: 100_000, perChatIntervalMs: 0, perGroupPerWindow: 100_000, groupWindowMs: 1 };

let h: TelegramHarness;
const users = new Map<Role, FakeUser>();

beforeAll(async () => {
  h = await TelegramHarness.start({ limits: false, adapter: { limits: NO_PACING, editIntervalMs: 0 } });
  COMMANDS.push(...h.app.bot.router.allCommands().map((command) => command.name));
  for (const [i, role] of ROLES.entries()) {
    const user = person(61_000 + i, `Fuzz ${role}`, { language_code: 'en' });
    users.set(role, user);
    if (role === 'admin') h.fake.memberStatus.set(`${GROUP_CHAT.id}:${user.id}`, 'administrator');
  }
  await h.deliver(textMessage(GROUP_CHAT, users.get('admin')!, '/setup new Fuzz'));
  for (const [role, user] of users) {
    await h.deliver(textMessage(GROUP_CHAT, user, '/start'), textMessage(privateChatOf(user), user, '/start'));
    const member = await h.db.prisma.member.findFirstOrThrow({
      where: { identities: { some: { externalId: String(user.id) } } },
    });
    await h.db.prisma.membership.updateMany({ where: { memberId: member.id }, data: { role } });
  }
  const chair = users.get('chair')!;
  await h.deliver(textMessage(GROUP_CHAT, chair, '/poll Colour? | Red | Blue'));
  await h.drained();
}, 60_000);

afterAll(async () => {
  await h.close();
});

/** Everything wrong with the Bot API calls made since `from`: refused calls, unescaped markup, long texts. */
function callProblems(from: number): string[] {
  const problems: string[] = [];
  for (const { method, params, status } of h.fake.calls.slice(from)) {
    if (status !== 200) problems.push(`${method} answered ${status}: ${JSON.stringify(params).slice(0, 300)}`);
    for (const field of ['text', 'caption'] as const) {
      const value = params[field];
      if (typeof value !== 'string') continue;
      if (params.parse_mode === 'HTML') problems.push(...htmlProblems(value).map((p) => `${method} ${field}: ${p}`));
      const visible = params.parse_mode === 'HTML' ? visibleHtmlText(value) : value;
      const max = field === 'text' ? 4096 : 1024;
      if (visible.length > max) problems.push(`${method} ${field} of ${visible.length} characters`);
    }
    const markup = params.reply_markup;
    if (markup !== undefined) {
      const rows = (typeof markup === 'string' ? JSON.parse(markup) : markup) as {
        inline_keyboard?: Array<Array<{ callback_data?: string }>>;
      };
      for (const button of (rows.inline_keyboard ?? []).flat()) {
        const bytes = Buffer.byteLength(button.callback_data ?? '', 'utf8');
        if (bytes > 64) problems.push(`${method} callback data of ${bytes} bytes`);
      }
    }
  }
  return problems;
}

function problemLogs(from: number): string[] {
  return h.logs
    .slice(from)
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: unknown })
    .filter((line) => line.level >= 40)
    .map((line) => `${line.level} ${line.msg} ${JSON.stringify(line.err ?? '').slice(0, 300)}`);
}

const commandLine = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...COMMANDS)) },
      fc.stringMatching(/^[a-z_]{1,12}$/),
    ),
    fc.constantFrom('', '@hamkar_test_bot', '@other_bot'),
    argumentText,
  )
  .map(([name, mention, args]) => `/${name}${mention} ${args}`);

type Input = { kind: 'text'; text: string } | { kind: 'press'; data: string };

const input: fc.Arbitrary<Input> = fc.oneof(
  commandLine.map((text) => ({ kind: 'text' as const, text })),
  argumentText.filter((text) => text.trim() !== '').map((text) => ({ kind: 'text' as const, text })),
  fc
    .tuple(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ACTIONS) }, nastyText(3)), forgedId, forgedId)
    .map(([action, a, b]) => ({ kind: 'press' as const, data: `${action}|${a}|${b}` })),
);

describe('random input through the Telegram adapter and the fake Bot API', () => {
  it('GIVEN any message or button press from anyone, anywhere THEN every Bot API call is accepted, escaped and within limits, and /help still answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROLES),
        fc.constantFrom('private' as const, 'group' as const),
        input,
        async (role, where, given) => {
          // Flood control is tested on its own; here one person sends far more than a human would.
          await h.db.prisma.floodWindow.deleteMany();
          const user = users.get(role)!;
          const chat = where === 'group' ? GROUP_CHAT : privateChatOf(user);
          const callsBefore = h.fake.calls.length;
          const logsBefore = h.logs.length;
          await h.deliver(
            given.kind === 'text' ? textMessage(chat, user, given.text) : buttonPress(chat, user, given.data),
          );
          await h.drained();
          const helpFrom = h.fake.deliveredTo(user.id).length;
          await h.deliver(textMessage(privateChatOf(user), user, '/help'));
          await h.drained();
          const help = h.fake
            .deliveredTo(user.id)
            .slice(helpFrom)
            .map((m) => m.text)
            .join('\n');

          expect(callProblems(callsBefore)).toEqual([]);
          expect(problemLogs(logsBefore)).toEqual([]);
          expect(help).toContain('/help');
          expect(help).toContain('/start');
          expect(await halfWrittenObjects(h.db.prisma)).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  }, 300_000);

  it('GIVEN markup in a member text that the bot echoes THEN the member sees it as typed, never as formatting', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '<b>bold</b>',
          '<a href="https://evil.example">x</a>',
          '&lt;',
          '<tg-spoiler>s',
          'a & b',
          '</pre>',
        ),
        nastyText(6),
        async (markup, noise) => {
          await h.db.prisma.floodWindow.deleteMany();
          const user = users.get('member')!;
          const before = h.fake.deliveredTo(user.id).length;
          // `/tz` quotes what it did not understand: the member's text comes back in the reply.
          await h.deliver(textMessage(privateChatOf(user), user, `/tz ${markup}${noise}`));
          await h.drained();
          const replies = h.fake.deliveredTo(user.id).slice(before);
          expect(replies.map((m) => m.text).join('\n')).toContain(markup.trim());
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
