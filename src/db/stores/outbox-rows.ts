import type { OutboundMessage } from '../../core/event.ts';
import type { Prisma } from '../generated/client.ts';

/** A message for the outbox, written in the same transaction as the rows it comes from. */
export interface OutboxRow {
  platform: string;
  chatId: string;
  message: OutboundMessage;
}

/**
 * Inserts outbox rows inside the caller's transaction and returns their ids in the order given. The
 * ids are taken from the sequence first, so that each caller's row (a reminder, a chase) knows its
 * outbox row for sure: the order of RETURNING rows is not promised. This is the exactly-once handoff
 * every scheduled message uses: the row is marked in the same commit that queues its message.
 */
export async function insertOutboxRows(
  tx: Prisma.TransactionClient,
  messages: readonly OutboxRow[],
): Promise<number[]> {
  if (messages.length === 0) return [];
  const ids = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT nextval(pg_get_serial_sequence('"OutboxMessage"', 'id'))::int AS id
    FROM generate_series(1, ${messages.length}::int)`;
  const outboxIds = ids.map((row) => row.id);
  await tx.$executeRaw`
    INSERT INTO "OutboxMessage" (id, platform, "chatId", payload)
    SELECT * FROM unnest(${outboxIds}::int[], ${messages.map((m) => m.platform)}::text[],
                         ${messages.map((m) => m.chatId)}::text[],
                         ${messages.map((m) => JSON.stringify(m.message))}::jsonb[])`;
  return outboxIds;
}
