import { z } from 'zod';
import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { OutboxStore, QueuedMessage } from '../../core/ports.ts';
import type { Db } from '../prisma-client.ts';

const buttonSchema = z.object({ label: z.string(), action: z.string(), data: z.string().optional() });
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
});

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(target: OutboundTarget, message: OutboundMessage, claimForMs?: number): Promise<number> {
    const leaseUntil = claimForMs === undefined ? null : new Date(Date.now() + claimForMs);
    const row = await this.db.outboxMessage.create({
      data: { platform: target.platform, chatId: target.chatId, payload: message as object, leaseUntil },
      select: { id: true },
    });
    return row.id;
  }

  async claimDue(platforms: readonly string[], now: Date, limit: number, leaseMs: number): Promise<QueuedMessage[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // SKIP LOCKED: several instances claim disjoint batches without waiting on each other.
    const rows = await this.db.$queryRaw<
      Array<{ id: number; platform: string; chatId: string; payload: unknown; attempts: number }>
    >`
      UPDATE "OutboxMessage" SET "leaseUntil" = ${leaseUntil}
      WHERE id IN (
        SELECT id FROM "OutboxMessage"
        WHERE status = 'pending' AND platform = ANY(${[...platforms]}::text[]) AND "nextAttemptAt" <= ${now}
          AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      RETURNING id, platform, "chatId", payload, attempts`;
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        target: { platform: row.platform, chatId: row.chatId },
        message: messageSchema.parse(row.payload),
        attempts: row.attempts,
      }));
  }

  async markSent(id: number, at: Date, platformMessageId?: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: 'sent', sentAt: at, leaseUntil: null, attempts: { increment: 1 }, platformMessageId },
    });
  }

  async sentMessageId(id: number): Promise<string | null> {
    const row = await this.db.outboxMessage.findUnique({ where: { id }, select: { platformMessageId: true } });
    return row?.platformMessageId ?? null;
  }

  async retryLater(id: number, at: Date, error: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { nextAttemptAt: at, leaseUntil: null, lastError: error.slice(0, 500), attempts: { increment: 1 } },
    });
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: 'failed', leaseUntil: null, lastError: error.slice(0, 500), attempts: { increment: 1 } },
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
