import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../src/db/generated/client.ts';
import { trackedAdapterFactory } from '../../src/db/pg-driver-adapter.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Prisma loads an `include` of several relations with `Promise.all`; inside a transaction all those
 * queries go to one pg client. pg 8 queues them with a deprecation warning, pg 9 throws: the bot's
 * adapter must send a transaction's queries one at a time.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The real adapter, its pool's clients counting how many queries each was handed before the last ended. */
function countingAdapter(): { factory: SqlDriverAdapterFactory; mostAtOnce: () => number } {
  let most = 0;
  const inner = new PrismaPg({ connectionString: db.url });
  const connect = inner.connect.bind(inner);
  inner.connect = async () => {
    const adapter = await connect();
    const pool = (adapter as unknown as { underlyingDriver: () => pg.Pool }).underlyingDriver();
    pool.on('connect', (client) => {
      let running = 0;
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as { query: unknown }).query = async (...args: unknown[]) => {
        most = Math.max(most, ++running);
        try {
          return await query(...args);
        } finally {
          running--;
        }
      };
    });
    return adapter;
  };
  return { factory: inner, mostAtOnce: () => most };
}

async function includeInTransaction(prisma: PrismaClient): Promise<void> {
  const community = await prisma.community.create({ data: { name: 'Serial' } });
  await prisma.$transaction(async (tx) => {
    const found = await tx.community.findUniqueOrThrow({
      where: { id: community.id },
      include: { chats: true, committees: true, polls: true, meetings: true },
    });
    expect(found.name).toBe('Serial');
  });
}

describe("a transaction's queries on its one connection", () => {
  it('GIVEN the bare adapter-pg THEN an include of four relations in a transaction sends queries at once (the bug this guards)', async () => {
    const { factory, mostAtOnce } = countingAdapter();
    const prisma = new PrismaClient({ adapter: factory });
    await includeInTransaction(prisma);
    await prisma.$disconnect();
    expect(mostAtOnce()).toBeGreaterThan(1);
  });

  it('GIVEN the bot adapter THEN the same transaction hands its connection one query at a time', async () => {
    const { factory, mostAtOnce } = countingAdapter();
    const prisma = new PrismaClient({ adapter: trackedAdapterFactory(factory) });
    await includeInTransaction(prisma);
    await prisma.$disconnect();
    expect(mostAtOnce()).toBe(1);
  });
});
