import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

/**
 * What the outbox does around a platform that cannot tell whether a message arrived: a send that had
 * begun when its process died is not repeated; claims of a dead process are released at a restart;
 * edits of one message coalesce; a refused message fails without marking its chat unreachable.
 */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const target = { platform: 'test', chatId: 'c1' };

describe('outbox delivery', () => {
  it('GIVEN a send that had begun when its dispatcher died THEN it is not sent again, and fails as in doubt', async () => {
    await h.app.stop();
    const id = await h.app.outbox.enqueue(target, { text: 'maybe delivered' });
    await h.prisma.outboxMessage.update({
      where: { id },
      data: { sentAt: new Date(Date.now() - 5_000), leaseUntil: new Date(Date.now() - 1_000) },
    });
    await h.restart();
    await h.app.outbox.drain();

    expect(h.adapter.sent).toEqual([]);
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^in doubt/);
  });

  it('GIVEN messages claimed by a process that died WHEN the claims are released at start THEN they go at once, not after the lease', async () => {
    await h.app.stop();
    const id = await h.app.outbox.enqueue(target, { text: 'queued before the crash' });
    await h.prisma.outboxMessage.update({ where: { id }, data: { leaseUntil: new Date(Date.now() + 3_600_000) } });
    await h.restart();
    await h.app.outbox.releaseClaims();
    await h.app.outbox.drain();
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['queued before the crash']);
  });

  it('GIVEN several pending edits of one message THEN only the latest is sent, the others are marked superseded', async () => {
    await h.app.stop();
    const ids: number[] = [];
    for (const votes of [1, 2, 3])
      ids.push(await h.app.outbox.enqueue(target, { text: `Votes: ${votes}`, replaceMessageId: '40' }));
    await h.app.outbox.enqueue(target, { text: 'another message' });
    await h.restart();
    await h.app.outbox.drain();

    expect(h.adapter.sent.map((m) => m.text)).toEqual(['Votes: 3', 'another message']);
    const rows = await h.prisma.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ['sent', 'superseded by a newer edit'],
      ['sent', 'superseded by a newer edit'],
      ['sent', null],
    ]);
  });

  it('GIVEN a message the platform refuses for its content THEN it fails at once and the chat stays reachable', async () => {
    await h.person('sara').says('/start');
    h.adapter.failures.push({ ok: false, kind: 'rejected', error: "400: Bad Request: can't parse entities" });
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'dm-sara' }, { text: 'broken' });
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.attempts]).toEqual(['failed', 1]);
    const chat = await h.prisma.chat.findFirstOrThrow({ where: { externalId: 'dm-sara' } });
    expect(chat.unreachableAt).toBeNull();
  });
});
