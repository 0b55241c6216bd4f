import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaOutboxStore } from '../../../src/db/stores/outbox-store.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

/**
 * The outbox is where every reply is written, and a reply may quote what a member typed: a string that
 * is not valid Unicode (a lone surrogate, NUL) must not fail that write, whatever a feature did with it.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('outbox store and text that is not valid Unicode', () => {
  it('GIVEN a reply whose text and button labels hold lone surrogates and NUL THEN it is queued with U+FFFD in their place', async () => {
    const store = new PrismaOutboxStore(db.prisma);
    const id = await store.enqueue(
      { platform: 'test', chatId: 'c1' },
      {
        text: 'You searched for \u202A\uD800 and x\u0000y',
        buttons: [[{ label: 'More \uDC00', action: 'search.more', data: '1|5' }]],
      },
    );
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.payload).toEqual({
      text: 'You searched for \u202A\uFFFD and xy',
      buttons: [[{ label: 'More \uFFFD', action: 'search.more', data: '1|5' }]],
    });
  });
});
