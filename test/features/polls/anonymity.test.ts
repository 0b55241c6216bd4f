import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { anonymousBallot, BallotKeys } from '../../../src/features/polls/ballot-key.ts';
import { GROUP, privateChat } from '../../support/harness.ts';
import { MemoryAdapter, type SentMessage } from '../../support/memory-adapter.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/**
 * An anonymous poll, driven through a bot whose every log line (trace level) is kept: the database
 * rows, the CSV export, /results and the logs must not tell who voted what.
 */
let db: TestDatabase;
let app: App;
let adapter: MemoryAdapter;
const logLines: string[] = [];
/** The instance secret of this bot: with it (and only with it) an open poll's ballots are members'. */
const SECRET = Buffer.from('polls-anonymity-test-instance-secret-0123456789');

beforeEach(async () => {
  db = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = createApp(db.prisma, createLogger({ level: 'trace', pretty: false, destination: sink }), {
    outbox: { pollIntervalMs: 50 },
    secret: SECRET,
  });
  adapter = new MemoryAdapter();
  app.outbox.register(adapter);
  await app.start();
});
afterEach(async () => {
  await app.stop();
  await db.drop();
});

async function say(userId: string, name: string, line: string, chat = privateChat(userId), admin = false) {
  const match = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(line)!;
  return deliver(userId, name, { type: 'command', name: match[1]!, args: match[2] ?? '' }, chat, admin);
}

async function deliver(
  userId: string,
  name: string,
  payload: { type: 'command'; name: string; args: string } | { type: 'action'; action: string; data: string },
  chat = privateChat(userId),
  admin = false,
): Promise<SentMessage[]> {
  const before = adapter.sent.length;
  await app.bot.handle({
    id: `${userId}-${Math.random()}`,
    actor: { platform: 'test', userId, displayName: name, isChatAdmin: admin && chat.kind === 'group' },
    chat,
    payload,
    receivedAt: new Date(),
  });
  await app.outbox.drain();
  return adapter.sent.slice(before);
}

it('GIVEN an anonymous poll THEN its rows, the CSV, /results and the logs hold no member id and cannot tell who voted what', async () => {
  await say('chair', 'Nasrin', '/start');
  await say('chair', 'Nasrin', '/setup new Libraries', GROUP, true);
  const [poll] = await say(
    'chair',
    'Nasrin',
    '/poll Is the new catalogue better? | Yes, clearly | Not yet --anon',
    GROUP,
    true,
  );
  const [yes, no] = poll!.buttons!.flat();
  const voters = [
    { userId: 'sara', name: 'Sara Ahmadi', button: yes! },
    { userId: 'reza', name: 'Reza Karimi', button: no! },
    { userId: 'mina', name: 'Mina Jafari', button: yes! },
  ];
  for (const v of voters) {
    await say(v.userId, v.name, '/start');
    const replies = await deliver(
      v.userId,
      v.name,
      { type: 'action', action: v.button.action, data: v.button.data! },
      GROUP,
    );
    // The confirmation is private and names no option. (The live tally's edit of the group message
    // may go out in the same moment: a job flushes it, so it is left out here.)
    const answers = replies.filter((m) => m.replaceMessageId === undefined);
    expect(answers.map((m) => m.chatId)).toEqual([`dm-${v.userId}`]);
    expect(answers[0]!.text).toContain('is counted');
    expect(answers[0]!.text).not.toMatch(/Yes, clearly|Not yet/);
  }
  // Reza changes his mind: still one ballot, still anonymous.
  await deliver('reza', 'Reza Karimi', { type: 'action', action: yes!.action, data: yes!.data! }, GROUP);

  const members = await db.prisma.member.findMany({ include: { identities: true } });
  const personal = members.flatMap((m) => [String(m.id), m.displayName, ...m.identities.map((i) => i.externalId)]);
  const rows = await db.prisma.pollVote.findMany();
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    expect(row.memberId).toBeNull();
    expect(row.platform).toBeNull();
    expect(row.votedAt).toBeNull();
    expect(personal).not.toContain(row.voter);
    expect(row.voter).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }
  // The raw table, every column: nothing in it names a member.
  const raw = JSON.stringify(await db.prisma.$queryRaw`SELECT * FROM "PollVote"`);
  for (const value of personal.filter((p) => p.length > 2)) expect(raw).not.toContain(value);

  // No outbox row, log line or audit entry pairs a voter with an option.
  const outbox = await db.prisma.outboxMessage.findMany({ where: { chatId: { startsWith: 'dm-' } } });
  for (const row of outbox) expect(JSON.stringify(row.payload)).not.toMatch(/Yes, clearly|Not yet/);
  // The core logs an event's ids and action name, never its data (the option); nothing here may either.
  for (const line of logLines) expect(line).not.toMatch(/Yes, clearly|Not yet|poll\.v\|/);
  const audit = JSON.stringify(await db.prisma.auditLog.findMany());
  expect(audit).not.toMatch(/Yes, clearly|Not yet/);

  const results = (await say('chair', 'Nasrin', '/results 1', GROUP, true)).map((m) => m.text).join('\n');
  expect(results).toContain('Yes, clearly — 3 (100%)');
  for (const v of voters) expect(results).not.toContain(v.name);

  const exported = (await say('chair', 'Nasrin', '/export 1', GROUP, true)).find((m) => m.file)!;
  const csv = Buffer.from(exported.file!.contentBase64, 'base64').toString('utf8');
  const lines = csv.trim().split('\n');
  expect(lines).toHaveLength(4);
  for (const value of personal.filter((p) => p.length > 2)) expect(csv).not.toContain(value);
  // Voters are numbered 1, 2, 3 within the file, never by their ballot hash.
  for (const line of lines.slice(1)) expect(line).toMatch(/^,,[123],(Yes, clearly|"Yes, clearly")$/);

  // After close, not even the ballot key links a ballot to a member: the keys were re-hashed.
  await say('chair', 'Nasrin', '/results 1 close', GROUP, true);
  const { key } = new BallotKeys(SECRET);
  const closedRows = await db.prisma.pollVote.findMany();
  const recomputed = members.map((m) => anonymousBallot(key, 1, m.id));
  for (const row of closedRows) expect(recomputed).not.toContain(row.voter);
  expect(closedRows).toHaveLength(3);
});
