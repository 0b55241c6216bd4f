import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat } from '../support/harness.ts';

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
    expect(await rowsMentioning('Sara Ahmadi Rad')).not.toEqual([]);

    // Picked by its chat: a live-tally edit of the poll in the group may go out in the same moment.
    const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === privateChat('sara-uid-7731').chatId);
    await sara.presses(confirm, 0);

    expect(await rowsMentioning('Sara Ahmadi Rad')).toEqual([]);
    expect(await rowsMentioning('sara-uid-7731')).toEqual([]);
    expect(await rowsMentioning(privateChat('sara-uid-7731').chatId)).toEqual([]);
  });
});
