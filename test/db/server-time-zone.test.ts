import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertUtcSession } from '../../src/db/utc-session.ts';
import { pollJobs } from '../../src/features/polls/poll-jobs.ts';
import { GROUP, Harness, texts } from '../support/harness.ts';
import { communityWithChair, member, pollMessage } from '../features/polls/support.ts';

/**
 * A PostgreSQL database configured with a zone other than UTC (as an operator in Vietnam may set it):
 * the bot's instants must not move. Before every session was pinned to UTC, `now()` defaults were
 * stored as Ho Chi Minh wall clocks and read back 7 hours in the future, so queued messages waited.
 */
const SERVER_ZONE = 'Asia/Ho_Chi_Minh';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create({ timeZone: SERVER_ZONE });
});
afterEach(async () => {
  await h.close();
});

describe(`a database whose timezone is ${SERVER_ZONE}`, () => {
  it('GIVEN a session opened without our setting THEN it starts in that zone, while the bot’s own sessions run in UTC', async () => {
    const plain = new pg.Client({ connectionString: h.db.url });
    await plain.connect();
    try {
      expect((await plain.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0]!.TimeZone).toBe(SERVER_ZONE);
      // What the start does when a pooler dropped our setting: it refuses, saying why and what to do.
      await expect(assertUtcSession(plain)).rejects.toThrow(
        /runs in time zone Asia\/Ho_Chi_Minh, not UTC.*ALTER DATABASE <name> SET timezone = 'UTC'/s,
      );
    } finally {
      await plain.end();
    }
    expect(await h.prisma.$queryRaw<{ TimeZone: string }[]>`SHOW TimeZone`).toEqual([{ TimeZone: 'UTC' }]);
  });

  it('GIVEN instants the database stamps itself (DEFAULT now(), now()) THEN models and raw statements read them back as the real instant', async () => {
    const before = Date.now();
    await communityWithChair(h);
    const community = await h.prisma.community.findFirstOrThrow();
    // Seconds apart at most; the fault this guards against moved them by 7 hours.
    expect(Math.abs(community.createdAt.getTime() - before)).toBeLessThan(60_000);
    // Raw statements (the reminder, outbox and closing claims) read instants through the same adapter.
    const [raw] = await h.prisma.$queryRaw<{ createdAt: Date; now: Date }[]>`
      SELECT "createdAt", now() AS now FROM "Community" WHERE id = ${community.id}`;
    expect(raw!.createdAt.toISOString()).toBe(community.createdAt.toISOString());
    expect(Math.abs(raw!.now.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('GIVEN a reply queued WHEN the outbox runs THEN it goes out now, not hours later', async () => {
    const chair = h.person('chair', { name: 'Nasrin', admin: true });
    expect(texts(await chair.says('/start'))).toContain('Hello, Nasrin!');
    const queued = await h.prisma.outboxMessage.count({ where: { status: 'pending' } });
    expect(queued).toBe(0);
  });

  it('GIVEN a poll with --until 2h THEN the deadline job closes it after two hours, not before', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday --until 2h', GROUP));
    await (await member(h, 'sara')).presses(poll, 'Tuesday', GROUP);
    const deadlines = (at: Date) => pollJobs(h.app.services, () => at).find((j) => j.name === 'poll-deadlines')!;
    await h.app.scheduler.runOnce(deadlines(new Date(Date.now() + 3600_000)));
    expect((await h.prisma.poll.findFirstOrThrow()).closedAt).toBeNull();
    await h.app.scheduler.runOnce(deadlines(new Date(Date.now() + 3 * 3600_000)));
    await h.app.outbox.drain();
    const poll2 = await h.prisma.poll.findFirstOrThrow();
    expect(poll2.closedAt).not.toBeNull();
    const closesIn = poll2.closesAt!.getTime() - poll2.createdAt.getTime();
    expect(Math.abs(closesIn - 2 * 3600_000)).toBeLessThan(60_000);
    expect(texts(h.adapter.sent)).toContain('Poll #1 is closed');
  });
});
