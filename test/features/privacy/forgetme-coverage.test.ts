import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Every text and JSON column of every table: where a name or an id could be kept. */
async function textColumns(): Promise<Array<{ table: string; column: string }>> {
  return h.prisma.$queryRaw<Array<{ table: string; column: string }>>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`;
}

/**
 * Where `needle` still stands. The confirmation of /forgetme itself goes to the member's private chat
 * after the deletion: that one sent row keeps where it went (no text) until the outbox retention.
 */
async function rowsMentioning(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns()) {
    const except =
      table === 'OutboxMessage' && column === 'chatId' ? ` AND NOT (status = 'sent' AND payload = '{}')` : '';
    const rows = await h.prisma.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM "${table}" WHERE "${column}"::text LIKE $1${except}`,
      `%${needle}%`,
    );
    if (Number(rows[0]!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('/forgetme leaves nothing that names the member', () => {
  it('GIVEN a member who used the bot in a group and privately THEN after /forgetme no table holds their name or platform id', async () => {
    const admin = h.person('admin-uid', { name: 'Admin Person', admin: true });
    await admin.says('/setup new Network', GROUP);
    await admin.says('/committee add Newsletter', GROUP);
    const sara = h.person('sara-uid-7731', { name: 'Sara Ahmadi Rad' });
    await sara.says('/start');
    await sara.says('/lang fa');
    await sara.says('/join Newsletter', GROUP);
    await sara.says('/committees', GROUP);
    await sara.says('/link');
    await sara.says('/tz'); // a flow waiting for an answer
    await admin.says('/role curator Sara Ahmadi Rad', GROUP);
    // A named poll she voted in.
    const [poll] = await admin.says('/poll Which workshop first? | Cataloguing | Digital archives', GROUP);
    await sara.presses(poll, 0, GROUP);
    expect(await h.prisma.pollVote.count()).toBe(1);
    // Messages naming her that were not sent, in every state the outbox has: queued for later, retrying
    // after a passing failure, in doubt after a crash, failed for good; to a group, to another member.
    // The pending ones are for Telegram, which this bot does not send to: they stay queued (and the
    // harness, which waits for every queued message of its own platform, does not wait for them).
    const later = new Date(Date.now() + 3600_000);
    const text = (words: string) => ({
      text: words,
      buttons: [[{ label: 'Profile', action: 'p', data: 'sara-uid-7731' }]],
    });
    await h.prisma.outboxMessage.createMany({
      data: [
        {
          platform: 'telegram',
          chatId: GROUP.chatId,
          payload: text('Welcome, Sara Ahmadi Rad!'),
          nextAttemptAt: later,
        },
        {
          platform: 'telegram',
          chatId: GROUP.chatId,
          payload: text('Sara Ahmadi Rad will come'),
          nextAttemptAt: later,
          firstFailedAt: new Date(),
          attempts: 2,
          lastError: '502',
        },
        {
          platform: 'telegram',
          chatId: GROUP.chatId,
          payload: text('Sara Ahmadi Rad: in doubt'),
          sentAt: new Date(),
          nextAttemptAt: later,
        },
        {
          platform: 'test',
          chatId: GROUP.chatId,
          payload: text('Sara Ahmadi Rad: failed'),
          status: 'failed',
          lastError: '403',
        },
        { platform: 'test', chatId: 'dm-admin-uid', payload: text('Sara Ahmadi Rad joined'), status: 'failed' },
        { platform: 'elsewhere', chatId: '-100', payload: text('Sara Ahmadi Rad, elsewhere') },
      ],
    });
    expect(await rowsMentioning('Sara Ahmadi Rad')).toContain('OutboxMessage.payload');

    // Picked by its chat: a live-tally edit of the poll in the group may go out in the same moment.
    const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === privateChat('sara-uid-7731').chatId);
    await sara.presses(confirm, 0);

    expect(await rowsMentioning('Sara Ahmadi Rad')).toEqual([]);
    expect(await rowsMentioning('sara-uid-7731')).toEqual([]);
    expect(await rowsMentioning(privateChat('sara-uid-7731').chatId)).toEqual([]);
  });
});
