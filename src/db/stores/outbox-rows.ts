import type { OutboundMessage } from '../../core/event.ts';
import type { Prisma } from '../generated/client.ts';

/** A message for the outbox, written in the same transaction as the rows it comes from. */
export interface OutboxRow {
  platform: string;
  chatId: string;
  message: OutboundMessage;
}

/**
 * Inserts outbox rows inside the caller's transaction and returns their ids in the order given. Each
 * row's id is taken from the sequence in the same statement that inserts it and returned with the row's
 * place in the list, so that each caller's row (a reminder, a chase) knows its outbox row for sure: the
 * order of RETURNING rows is not promised. This is the exactly-once handoff every scheduled message
 * uses: the row is marked in the same commit that queues its message.
 *
 * A message object given for many rows (a reminder rendered once for a hundred chats) is serialized and
 * sent once: the rows refer to it by number. Serializing and escaping one JSON text per row was most of
 * the cost of handing over 10,000 reminders at once (bench/reminders.ts).
 */
export async function insertOutboxRows(
  tx: Prisma.TransactionClient,
  messages: readonly OutboxRow[],
): Promise<number[]> {
  if (messages.length === 0) return [];
  const { payloads, payloadIndex } = distinctPayloads(messages.map((m) => m.message));
  const rows = await tx.$queryRaw<Array<{ id: number }>>`
    WITH v AS MATERIALIZED (
      SELECT nextval(pg_get_serial_sequence('"OutboxMessage"', 'id'))::int AS id, v.n, v.platform, v.chat, v.p
      FROM unnest(${messages.map((m) => m.platform)}::text[], ${messages.map((m) => m.chatId)}::text[],
                  ${payloadIndex}::int[]) WITH ORDINALITY AS v(platform, chat, p, n)
    ), p AS MATERIALIZED (
      SELECT p.n, p.payload::jsonb AS payload FROM unnest(${payloads}::text[]) WITH ORDINALITY AS p(payload, n)
    ), inserted AS (
      INSERT INTO "OutboxMessage" (id, platform, "chatId", payload)
      SELECT v.id, v.platform, v.chat, p.payload FROM v JOIN p ON p.n = v.p
    )
    SELECT id FROM v ORDER BY n`;
  return rows.map((row) => row.id);
}

/**
 * Each distinct message object serialized once, and for each message its payload's number (from 1, as
 * `WITH ORDINALITY` counts) or null where there is none. Objects are told apart by identity: a
 * message rendered once for many chats is one object.
 */
export function distinctPayloads(messages: ReadonlyArray<OutboundMessage | undefined>): {
  payloads: string[];
  payloadIndex: Array<number | null>;
} {
  const payloads: string[] = [];
  const payloadOf = new Map<OutboundMessage, number>();
  const payloadIndex = messages.map((message) => {
    if (!message) return null;
    let index = payloadOf.get(message);
    if (index === undefined) {
      index = payloads.push(JSON.stringify(message));
      payloadOf.set(message, index);
    }
    return index;
  });
  return { payloads, payloadIndex };
}
