import type { SendBooking, SendPaceStore, SendSlotRequest } from '../../ops/shared-send-budget.ts';
import type { Db } from '../prisma-client.ts';

/**
 * The rows behind the shared send budget: one per bot (its next free slot) and one per chat it sent to
 * (the chat's next slot and, for a group, its recent sends). `hamkar_book_send` books a slot in one
 * round trip.
 */
export class PrismaSendPaceStore implements SendPaceStore {
  constructor(private readonly db: Db) {}

  async book(request: SendSlotRequest): Promise<SendBooking> {
    const rows = await this.db.$queryRaw<Array<{ booked: boolean; wait_ms: number }>>`
      SELECT booked, wait_ms FROM hamkar_book_send(
        ${request.botKey}, ${request.chatKey}, ${request.globalIntervalMs}::float8,
        ${request.perChatIntervalMs}::float8, ${request.groupLimit}::int, ${request.groupWindowMs}::float8)`;
    const row = rows[0]!;
    return { booked: row.booked, waitMs: Number(row.wait_ms) };
  }

  /** Moves the bot's next slot at least `ms` past now, for every instance. */
  async pauseBot(botKey: string, ms: number): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "SendPace" AS pace (key, "nextAt", recent)
      VALUES (${botKey}, clock_timestamp() + ${ms} * interval '1 millisecond', '{}')
      ON CONFLICT (key) DO UPDATE
      SET "nextAt" = greatest(pace."nextAt", clock_timestamp() + ${ms} * interval '1 millisecond')`;
  }

  /** Moves the bot's schedule `ms` later: every slot not yet handed out comes that much later. */
  async delayBot(botKey: string, ms: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "SendPace" SET "nextAt" = greatest("nextAt", clock_timestamp()) + ${ms} * interval '1 millisecond'
      WHERE key = ${botKey}`;
  }

  async forgetIdleChats(botKey: string, olderThanMs: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM "SendPace"
      WHERE key LIKE ${`${botKey}:chat:%`}
        AND "nextAt" < clock_timestamp() - ${olderThanMs} * interval '1 millisecond'`;
  }
}
