import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

/** What the bot's Prisma adapter adds to `@prisma/adapter-pg`; `socketsClosed` is for a clean stop. */
export interface TrackedAdapterFactory extends SqlDriverAdapterFactory {
  /** Resolves once every connection the pool opened has closed its socket. */
  socketsClosed(): Promise<void>;
}

/**
 * `@prisma/adapter-pg` with two of its gaps closed:
 *
 * 1. Prisma's query interpreter loads the relations of a `join` (an `include`, a nested write's result)
 *    with `Promise.all`; inside a transaction those queries all go to the transaction's one pg client,
 *    which pg 8 queues with a deprecation warning and pg 9 refuses (prisma/prisma#29407). Each
 *    transaction's queries are sent one after another here.
 * 2. `pool.end()` resolves before its sockets have closed, so a server stopped right after a
 *    disconnect ends connections that were on their way out, and pg reports each as an idle client's
 *    error. `socketsClosed()` waits for the pool's `remove` of every connection it opened.
 */
export function trackedAdapterFactory(inner: SqlDriverAdapterFactory): TrackedAdapterFactory {
  const open = new Set<unknown>();
  const waiting = new Set<() => void>();
  const settle = () => {
    if (open.size > 0) return;
    for (const resolve of waiting) resolve();
    waiting.clear();
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      // The adapter's pool (adapter-pg creates one per connect, also after a disconnect).
      const pool = (adapter as { underlyingDriver?: () => unknown }).underlyingDriver?.() as pg.Pool | undefined;
      pool?.on('connect', (client) => open.add(client));
      pool?.on('remove', (client) => {
        open.delete(client);
        settle();
      });
      return withSerialTransactions(adapter);
    },
    socketsClosed() {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiting.add(resolve));
    },
  };
}

function withSerialTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => oneQueryAtATime(await startTransaction(isolationLevel));
  return adapter;
}

/** The transaction's own methods replaced: its savepoints and COMMIT go through `executeRaw` too. */
function oneQueryAtATime(tx: Transaction): Transaction {
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const next = last.then(run);
    last = next.catch(() => undefined);
    return next;
  };
  const queryRaw = tx.queryRaw.bind(tx);
  const executeRaw = tx.executeRaw.bind(tx);
  tx.queryRaw = (query) => inTurn(() => queryRaw(query));
  tx.executeRaw = (query) => inTurn(() => executeRaw(query));
  return tx;
}
