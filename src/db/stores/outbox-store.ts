import { z } from 'zod';
import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { OutboxStore, QueuedMessage } from '../../core/ports.ts';
import type { Db } from '../prisma-client.ts';
import { Prisma } from '../generated/client.ts';
import { storableJson } from './storable-json.ts';

const buttonSchema = z.object({ label: z.string(), action: z.string(), data: z.string().optional() });
/** A queued message as stored: every field of OutboundMessage (the type check below keeps them in step). */
const messageSchema = z.object({
  text: z.string(),
  buttons: z.array(z.array(buttonSchema)).optional(),
  replaceMessageId: z.string().optional(),
  file: z
    .object({
      fileName: z.string(),
      mimeType: z.string(),
      contentBase64: z.string(),
      isImage: z.boolean().optional(),
    })
    .optional(),
  storedFile: z
    .object({
      platform: z.string(),
      fileId: z.string(),
      fileName: z.string(),
      mimeType: z.string(),
      isImage: z.boolean().optional(),
      unavailable: z.object({ tooBig: z.string(), gone: z.string() }),
    })
    .optional(),
  threadId: z.string().optional(),
  privateChatLink: z.object({ label: z.string(), command: z.string() }).optional(),
  askReply: z.object({ toMessageId: z.string().optional() }).optional(),
  onlyToSender: z.boolean().optional(),
});

/**
 * Fails to compile when OutboundMessage gains a field the schema lacks (zod would strip it from every
 * message read back from the queue: a retried reply would lose its forum topic, say).
 */
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : never;
const schemaCoversMessage: SameKeys<z.infer<typeof messageSchema>, OutboundMessage> = true;
void schemaCoversMessage;

/** A newer pending edit of the same platform message as the row `alias`: that row need not go out. */
function newerEditOf(alias: string): Prisma.Sql {
  const row = Prisma.raw(alias);
  return Prisma.sql`
    SELECT 1 FROM "OutboxMessage" AS newer
    WHERE newer.status = 'pending' AND newer.platform = ${row}.platform AND newer."chatId" = ${row}."chatId"
      AND newer.id > ${row}.id AND newer.payload->>'replaceMessageId' = ${row}.payload->>'replaceMessageId'`;
}

/** Why a message whose delivery began before a crash is not sent again. */
const IN_DOUBT = 'in doubt: the bot stopped while sending it (not sent again, to avoid a duplicate)';

/**
 * `sentAt` on a pending row means "handed to the platform at": delivery began and its outcome is not
 * recorded yet. It is cleared when the platform refused the message, and kept when it was sent.
 */
export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(target: OutboundTarget, message: OutboundMessage, claimForMs?: number): Promise<number> {
    const leaseUntil = claimForMs === undefined ? null : new Date(Date.now() + claimForMs);
    const row = await this.db.outboxMessage.create({
      data: { platform: target.platform, chatId: target.chatId, payload: storableJson(message) as object, leaseUntil },
      select: { id: true },
    });
    return row.id;
  }

  async claimDue(platforms: readonly string[], now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // SKIP LOCKED: several instances claim disjoint batches without waiting on each other.
    const rows = await this.db.$queryRaw<
      Array<{
        id: number;
        platform: string;
        chatId: string;
        payload: unknown;
        attempts: number;
        firstFailedAt: Date | null;
      }>
    >`
      UPDATE "OutboxMessage" SET "leaseUntil" = ${leaseUntil}
      WHERE id IN (
        SELECT id FROM "OutboxMessage"
        WHERE status = 'pending' AND platform = ANY(${[...platforms]}::text[]) AND "nextAttemptAt" <= ${now}
          AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now}) AND "sentAt" IS NULL
          AND NOT (payload ? 'replaceMessageId' AND EXISTS (${newerEditOf('"OutboxMessage"')}))
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      RETURNING id, platform, "chatId", payload, attempts, "firstFailedAt"`;
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        target: { platform: row.platform, chatId: row.chatId },
        message: messageSchema.parse(row.payload),
        attempts: row.attempts,
        firstFailedAt: row.firstFailedAt,
      }));
  }

  async markDelivering(id: number, at: Date): Promise<void> {
    await this.db.outboxMessage.update({ where: { id }, data: { sentAt: at } });
  }

  async extendClaims(ids: readonly number[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.outboxMessage.updateMany({
      where: { id: { in: [...ids] }, status: 'pending', leaseUntil: { not: null } },
      data: { leaseUntil: until },
    });
  }

  async settleInDoubt(platforms: readonly string[], now: Date): Promise<Array<{ id: number; target: OutboundTarget }>> {
    const rows = await this.db.$queryRaw<Array<{ id: number; platform: string; chatId: string }>>`
      UPDATE "OutboxMessage"
      SET status = 'failed', "leaseUntil" = NULL, "lastError" = ${IN_DOUBT}, attempts = attempts + 1
      WHERE status = 'pending' AND platform = ANY(${[...platforms]}::text[]) AND "sentAt" IS NOT NULL
        AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      RETURNING id, platform, "chatId"`;
    return rows.map((row) => ({ id: row.id, target: { platform: row.platform, chatId: row.chatId } }));
  }

  async supersedeEdits(platforms: readonly string[], now: Date): Promise<number> {
    return this.db.$executeRaw`
      UPDATE "OutboxMessage" AS old
      SET status = 'sent', "sentAt" = ${now}, "leaseUntil" = NULL, "lastError" = 'superseded by a newer edit',
          "platformMessageId" = old.payload->>'replaceMessageId', payload = '{}'::jsonb
      WHERE old.status = 'pending' AND old.platform = ANY(${[...platforms]}::text[]) AND old."sentAt" IS NULL
        AND (old."leaseUntil" IS NULL OR old."leaseUntil" < ${now}) AND old.payload ? 'replaceMessageId'
        AND EXISTS (${newerEditOf('old')})`;
  }

  async releaseClaims(): Promise<number> {
    const { count } = await this.db.outboxMessage.updateMany({
      where: { status: 'pending', leaseUntil: { not: null } },
      data: { leaseUntil: null },
    });
    return count;
  }

  /**
   * Once delivered, the text is the platform's to keep, not ours: the row keeps when and where it
   * went, and drops the words, which would otherwise keep members' names after /forgetme.
   */
  async markSent(id: number, at: Date, platformMessageId?: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status: 'sent',
        sentAt: at,
        leaseUntil: null,
        attempts: { increment: 1 },
        platformMessageId,
        payload: {},
      },
    });
  }

  /**
   * Sent rows (already without text) once their week is over, and failed ones (given up, or in doubt
   * after a crash), which keep their whole text: by when they were queued, so that none keeps its words
   * more than a week after it was written.
   */
  async forgetFinishedBefore(before: Date): Promise<number> {
    const { count } = await this.db.outboxMessage.deleteMany({
      where: {
        OR: [
          { status: 'sent', sentAt: { lt: before } },
          { status: 'failed', createdAt: { lt: before } },
        ],
      },
    });
    return count;
  }

  async sentMessageId(id: number): Promise<string | null> {
    const row = await this.db.outboxMessage.findUnique({ where: { id }, select: { platformMessageId: true } });
    return row?.platformMessageId ?? null;
  }

  async retryLater(id: number, at: Date, error: string, firstFailedAt: Date): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        firstFailedAt,
        nextAttemptAt: at,
        leaseUntil: null,
        sentAt: null,
        lastError: error.slice(0, 500),
        attempts: { increment: 1 },
      },
    });
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status: 'failed',
        leaseUntil: null,
        sentAt: null,
        lastError: error.slice(0, 500),
        attempts: { increment: 1 },
      },
    });
  }

  async markUnreachable(target: OutboundTarget, reason: string): Promise<void> {
    await this.db.chat.updateMany({
      where: { platform: target.platform, externalId: target.chatId },
      data: { unreachableAt: new Date(), unreachableReason: reason.slice(0, 500) },
    });
  }

  countUnsent(platforms: readonly string[]): Promise<number> {
    return this.db.outboxMessage.count({ where: { status: 'pending', platform: { in: [...platforms] } } });
  }
}
