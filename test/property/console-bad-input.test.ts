import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PERMISSIONS } from '../../src/features/action-permissions.ts';
import {
  MAX_BUTTON_PAYLOAD_BYTES,
  encodeButtonPayload,
  type ChatRef,
  type EventPayload,
} from '../../src/core/event.ts';
import type { Role } from '../../src/core/roles.ts';
import { GROUP, privateChat, texts, type Harness, type Person } from '../support/harness.ts';
import type { SentMessage } from '../support/memory-adapter.ts';
import { observedHarness, problemsSince, type LogLine } from './support/observed-harness.ts';
import { argumentText, forgedId, malformedDate, nastyText } from './support/nasty-text.ts';
import { featureRowCounts, halfWrittenObjects, settingsSnapshot } from './support/database-state.ts';
import en from '../../locales/en.json' with { type: 'json' };
import fa from '../../locales/fa.json' with { type: 'json' };
import vi from '../../locales/vi.json' with { type: 'json' };
import ru from '../../locales/ru.json' with { type: 'json' };

/**
 * Random hostile input through the bot core, as the console and every adapter hand it over: commands
 * with random arguments, random text inside and outside flows, random and forged button presses, from
 * members of every role in private and group chats. Whatever comes in, the bot answers (a following
 * /help works), logs nothing as a bug, sends only what a platform accepts, and leaves no half-written
 * object; input that must be refused changes nothing.
 */

const ROLES: Role[] = ['member', 'curator', 'chair', 'admin'];
/** Every command the app declares: filled in once the app is up (see `beforeAll`). */
const COMMANDS: string[] = [];
const ACTIONS = Object.keys(ACTION_PERMISSIONS);
const APOLOGIES = [en, fa, vi, ru].map((locale) => locale['error.unexpected']);

let h: Harness;
let logs: LogLine[];
const people = new Map<Role, Person>();

beforeAll(async () => {
  ({ h, logs } = await observedHarness());
  COMMANDS.push(...h.app.bot.router.allCommands().map((command) => command.name));
  const founder = h.person('founder', { admin: true });
  await founder.says('/setup new Fuzz', GROUP);
  for (const role of ROLES) people.set(role, await personWithRole(role));
  // Real objects for forged and random ids to hit: a poll, a meeting, an experience.
  const chair = people.get('chair')!;
  await chair.says('/poll Colour? | Red | Blue', GROUP);
  await chair.says('/meeting tomorrow 10:00 | Weekly | https://example.org/room', GROUP);
  await people.get('member')!.says('/share A quiet reading room | We opened one and people came.');
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function personWithRole(role: Role): Promise<Person> {
  const person = h.person(`fuzz-${role}`, { admin: role === 'admin', name: `Fuzz ${role}` });
  await person.says('/start', GROUP);
  await person.says('/start', privateChat(person.userId));
  const member = await h.prisma.member.findFirstOrThrow({
    where: { identities: { some: { externalId: person.userId } } },
  });
  await h.prisma.membership.updateMany({ where: { memberId: member.id }, data: { role } });
  return person;
}

function chatOf(person: Person, where: 'private' | 'group'): ChatRef {
  return where === 'group' ? GROUP : privateChat(person.userId);
}

/** What Telegram (the strictest platform) would refuse in a message's buttons. */
function buttonProblems(messages: SentMessage[]): string[] {
  const problems: string[] = [];
  for (const button of messages.flatMap((m) => (m.buttons ?? []).flat())) {
    const bytes = Buffer.byteLength(encodeButtonPayload(button.action, button.data), 'utf8');
    if (bytes > MAX_BUTTON_PAYLOAD_BYTES) problems.push(`button ${button.action} carries ${bytes} bytes`);
    if (button.label.trim() === '') problems.push(`button ${button.action} has no label`);
  }
  for (const message of messages) {
    if (message.text.trim() === '' && !message.file) problems.push('an empty message');
  }
  return problems;
}

/** The person's /help still answers with the command list, and nothing went wrong on the way. */
async function expectStillAnswering(person: Person, logsBefore: number): Promise<void> {
  const help = texts(await person.says('/help', privateChat(person.userId)));
  expect(problemsSince(logs, logsBefore)).toEqual([]);
  expect(help).toContain('/help');
  expect(help).toContain('/start');
  for (const apology of APOLOGIES) expect(help).not.toContain(apology);
  expect(await halfWrittenObjects(h.prisma)).toEqual([]);
}

const someone = fc.constantFrom(...ROLES);
const somewhere = fc.constantFrom('private' as const, 'group' as const);

const commandPayload: fc.Arbitrary<EventPayload> = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...COMMANDS)) },
      fc.stringMatching(/^[a-z_]{1,12}$/),
    ),
    argumentText,
  )
  .map(([name, args]) => ({ type: 'command', name, args }));

const textPayload: fc.Arbitrary<EventPayload> = argumentText.map((text) => ({ type: 'text', text }));

const actionPayload: fc.Arbitrary<EventPayload> = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ACTIONS) }, nastyText(4)),
    fc.oneof(
      forgedId,
      fc.tuple(forgedId, forgedId).map(([a, b]) => `${a}|${b}`),
      fc.tuple(forgedId, forgedId).map(([a, b]) => `${a}:${b}`),
    ),
  )
  .map(([action, data]) => ({ type: 'action', action, data }));

describe('random input through the bot core', () => {
  it('GIVEN any command, text or button press from anyone, anywhere THEN no bug is logged, replies are sendable, /help still answers and nothing is half-written', async () => {
    await fc.assert(
      fc.asyncProperty(
        someone,
        somewhere,
        fc.oneof(commandPayload, textPayload, actionPayload),
        async (role, where, payload) => {
          const person = people.get(role)!;
          const logsBefore = logs.length;
          const sent = await h.deliver(person.event(payload, chatOf(person, where)));
          expect(buttonProblems(sent)).toEqual([]);
          for (const apology of APOLOGIES) expect(texts(sent)).not.toContain(apology);
          await expectStillAnswering(person, logsBefore);
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);

  it('GIVEN a sequence of random inputs from one person (flows left open midway) THEN the bot keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(
        someone,
        fc.array(fc.tuple(somewhere, fc.oneof(commandPayload, textPayload, actionPayload)), {
          minLength: 2,
          maxLength: 6,
        }),
        async (role, steps) => {
          const person = people.get(role)!;
          const logsBefore = logs.length;
          for (const [where, payload] of steps) {
            const sent = await h.deliver(person.event(payload, chatOf(person, where)));
            expect(buttonProblems(sent)).toEqual([]);
          }
          await expectStillAnswering(person, logsBefore);
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});

/** Input that can only be refused: each case says which command and arguments. */
const refusedInput: fc.Arbitrary<{ role: Role; line: string }> = fc.oneof(
  fc
    .tuple(malformedDate, nastyText(8))
    .map(([when, title]) => ({ role: 'chair' as Role, line: `/meeting ${when} | T${title} | https://example.org` })),
  fc
    .tuple(nastyText(8), malformedDate)
    .map(([question, when]) => ({ role: 'chair' as Role, line: `/poll Q${question} | A | B --until ${when}` })),
  nastyText(10)
    .filter((flag) => /^\p{L}/u.test(flag) && !/^(multi|anon|hide|everywhere|until)\b/i.test(flag))
    .map((flag) => ({ role: 'chair' as Role, line: `/poll Q | A | B --${flag}` })),
  fc.constantFrom(...ROLES).chain((role) =>
    fc
      .tuple(
        fc.constantFrom('results', 'export', 'nudge', 'cancel', 'ics', 'join', 'leave'),
        forgedId.filter((id) => id.trim() !== '' && !/^\s*[12]\s*$/.test(id)),
      )
      .map(([command, id]) => ({ role, line: `/${command} 9${id.replace(/^-/, '')}7` })),
  ),
  fc.constantFrom(...ROLES).chain((role) =>
    fc
      .tuple(fc.constantFrom('lang', 'tz', 'calendar'), nastyText(8))
      .filter(([, value]) => value.trim() !== '' && !/^\s*(fa|vi|ru|en|persian|gregorian)\s*$/i.test(value))
      .map(([command, value]) => ({ role, line: `/${command} x${value}` })),
  ),
);

describe('refused input leaves nothing behind', () => {
  it('GIVEN impossible dates, unknown flags, forged ids and invalid settings THEN the answer is a short error and no feature table changes', async () => {
    await fc.assert(
      fc.asyncProperty(refusedInput, somewhere, async ({ role, line }, where) => {
        const person = people.get(role)!;
        const logsBefore = logs.length;
        const counts = await featureRowCounts(h.prisma);
        const settings = await settingsSnapshot(h.prisma);
        const sent = await person.says(line, chatOf(person, where));
        expect(sent.length, `an answer to ${line}`).toBeGreaterThan(0);
        for (const apology of APOLOGIES) expect(texts(sent)).not.toContain(apology);
        expect(await featureRowCounts(h.prisma)).toEqual(counts);
        expect(await settingsSnapshot(h.prisma)).toBe(settings);
        expect(problemsSince(logs, logsBefore)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  }, 240_000);
});
