import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaOutboxStore } from '../../../src/db/stores/outbox-store.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const DAY = 86_400_000;

describe('outbox retention', () => {
  it('GIVEN messages a week old and younger in every state THEN failed ones go with their text after a week, as sent ones do; pending ones stay', async () => {
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    const row = (label: string, data: object) => ({
      platform: 'telegram',
      chatId: '-100',
      payload: { text: `${label}: Sara Ahmadi` },
      ...data,
    });
    await db.prisma.outboxMessage.createMany({
      data: [
        row('old failed', { status: 'failed', createdAt: ago(8), lastError: '403' }),
        row('old in doubt', { status: 'failed', createdAt: ago(8), sentAt: null, lastError: 'in doubt' }),
        row('new failed', { status: 'failed', createdAt: ago(2) }),
        row('old sent', { status: 'sent', createdAt: ago(9), sentAt: ago(8), payload: {} }),
        row('new sent', { status: 'sent', createdAt: ago(3), sentAt: ago(2), payload: {} }),
        row('old pending', { status: 'pending', createdAt: ago(8), firstFailedAt: ago(1) }),
      ],
    });
    const forgotten = await new PrismaOutboxStore(db.prisma).forgetFinishedBefore(ago(7));
    expect(forgotten).toBe(3);
    const left = await db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((r) => [r.status, r.createdAt.getTime()])).toEqual([
      ['failed', ago(2).getTime()],
      ['sent', ago(3).getTime()],
      ['pending', ago(8).getTime()],
    ]);
    // What a failed message still holds within its week is gone after it.
    expect(JSON.stringify(left.filter((r) => r.status === 'failed' && r.createdAt < ago(7)))).toBe('[]');
  });
});
