import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member, pollMessage } from './support.ts';

/**
 * A press is one statement (see ballot-repository.ts): these cover what that statement must keep
 * under concurrency, and the remembered facts of options that let it skip a read.
 */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Presses that arrive at the same moment, as a platform delivers them. */
async function pressTogether(presses: Array<{ person: Person; message: SentMessage; label: string }>) {
  await Promise.all(
    presses.map(({ person, message, label }) => {
      const button = message.buttons!.flat().find((b) => b.label === label)!;
      return h.app.bot.handle(person.event({ type: 'action', action: button.action, data: button.data! }, GROUP));
    }),
  );
  await h.app.outbox.drain();
}

async function votesOf(person: Person): Promise<string[]> {
  const identity = await h.prisma.identity.findFirstOrThrow({ where: { externalId: person.userId } });
  const rows = await h.prisma.pollVote.findMany({
    where: { memberId: identity.memberId },
    include: { option: true },
    orderBy: { option: { position: 'asc' } },
  });
  return rows.map((r) => r.option.label);
}

describe('presses at the same moment', () => {
  it('GIVEN a single-answer poll WHEN each member presses two options at once THEN each keeps exactly one ballot', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => member(h, `voter-${i}`)));
    await pressTogether(
      people.flatMap((person) => [
        { person, message: poll, label: 'Monday' },
        { person, message: poll, label: 'Tuesday' },
      ]),
    );
    expect(await h.prisma.pollVote.count()).toBe(10);
    for (const person of people) expect((await votesOf(person)).length).toBe(1);
  });

  it('GIVEN a multiple-answer poll WHEN a member presses two options at once THEN both are chosen', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which software? | Koha | DSpace | Greenstone --multi', GROUP));
    const sara = await member(h, 'sara');
    await pressTogether([
      { person: sara, message: poll, label: 'Greenstone' },
      { person: sara, message: poll, label: 'Koha' },
    ]);
    expect(await votesOf(sara)).toEqual(['Koha', 'Greenstone']);
  });

  it('GIVEN a vote in flight WHEN the poll is closed THEN the close waits for it and its result counts it', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const sara = await member(h, 'sara');
    const { memberId } = await h.prisma.identity.findFirstOrThrow({ where: { externalId: 'sara' } });
    const monday = await h.prisma.pollOption.findFirstOrThrow({ where: { label: 'Monday' } });
    // Another session writes Sara's ballot and keeps it uncommitted: her press, which writes the same
    // ballot, waits there after it has found the poll open.
    const blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO "PollVote" ("pollId", "optionId", voter, slot) VALUES ($1, $2, $3, 0)`, [
        monday.pollId,
        monday.id,
        String(memberId),
      ]);
      const button = poll.buttons!.flat().find((b) => b.label === 'Monday')!;
      const vote = h.app.bot.handle(sara.event({ type: 'action', action: button.action, data: button.data! }, GROUP));
      await waitFor(async () => (await sessionsWaitingOnLocks(blocker)) === 1);
      const close = h.app.bot.handle(chair.event({ type: 'command', name: 'results', args: '1 close' }, GROUP));
      let closed = false;
      void close.then(() => (closed = true));
      // The close must wait for the vote in flight; were it to go through, the vote would land after it.
      await waitFor(async () => closed || (await sessionsWaitingOnLocks(blocker)) === 2);
      await blocker.query('ROLLBACK');
      await Promise.all([vote, close]);
    } finally {
      await blocker.end();
    }
    await h.app.outbox.drain();
    expect(await h.prisma.pollVote.count()).toBe(1);
    const final = h.adapter.sent.find((m) => m.text.includes('Poll #1 is closed:') && m.file)!;
    expect(final.text).toContain('Monday — 1 (100%)');
  });
});

async function sessionsWaitingOnLocks(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]!.count;
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await condition()); tries++) {
    if (tries > 200) throw new Error('the sessions never got there');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('multiple answers', () => {
  it('GIVEN presses in any order THEN the confirmation lists the choices in the poll’s order', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which software? | Koha | DSpace | Greenstone --multi', GROUP));
    const sara = await member(h, 'sara');
    expect(texts(await sara.presses(poll, 'Greenstone', GROUP))).toContain('Your choices in poll #1: Greenstone.');
    expect(texts(await sara.presses(poll, 'Koha', GROUP))).toContain('Your choices in poll #1: Koha and Greenstone.');
    expect(texts(await sara.presses(poll, 'DSpace', GROUP))).toContain(
      'Your choices in poll #1: Koha, DSpace, and Greenstone.',
    );
    expect(texts(await sara.presses(poll, 'Koha', GROUP))).toContain('Your choices in poll #1: DSpace and Greenstone.');
  });
});

describe('remembered options', () => {
  it('GIVEN an option pressed before WHEN its poll is gone from the database THEN a press is refused and writes nothing', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const sara = await member(h, 'sara');
    await sara.presses(poll, 'Monday', GROUP);
    // As a restore of an older backup would leave it: the bot remembers an option the database lacks.
    await h.prisma.poll.deleteMany();
    expect(texts(await sara.presses(poll, 'Tuesday', GROUP))).toContain('does not belong to a poll of your community');
    expect(await h.prisma.pollVote.count()).toBe(0);
  });

  it('GIVEN an option pressed before WHEN the database says otherwise about its poll THEN the database is followed', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const sara = await member(h, 'sara');
    const reza = await member(h, 'reza');
    await sara.presses(poll, 'Monday', GROUP);
    // Rules never change once a poll is posted; a database swapped under the bot is the only way.
    await h.prisma.poll.updateMany({ data: { anonymous: true } });
    expect(texts(await reza.presses(poll, 'Monday', GROUP))).toContain('is counted');
    expect(await h.prisma.pollVote.count()).toBe(2);
    expect(await h.prisma.pollVote.count({ where: { memberId: null, platform: null, votedAt: null } })).toBe(1);
  });
});
