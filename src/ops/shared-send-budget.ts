import type { Logger } from '../logger.ts';
import type { RateLimits } from '../core/rate-limiter.ts';
import type { SendPacer } from '../core/send-pacer.ts';

/** One booking of a send slot (see `hamkar_book_send`). */
export interface SendSlotRequest {
  botKey: string;
  chatKey: string;
  globalIntervalMs: number;
  perChatIntervalMs: number;
  /** Sends allowed in a group's window; 0 for a private chat. */
  groupLimit: number;
  groupWindowMs: number;
}

/** `booked`: the slot is the caller's, in `waitMs`; otherwise the chat is not free for `waitMs`. */
export interface SendBooking {
  booked: boolean;
  waitMs: number;
}

/** Where the budget's slots are kept, shared by every instance (`db/stores/send-pace-store.ts`). */
export interface SendPaceStore {
  book(request: SendSlotRequest): Promise<SendBooking>;
  /** Moves the bot's next slot at least `ms` past now. */
  pauseBot(botKey: string, ms: number): Promise<void>;
  /** Deletes the bot's chat rows whose next slot is older than `olderThanMs`; returns how many. */
  forgetIdleChats(botKey: string, olderThanMs: number): Promise<number>;
}

export interface SharedSendBudgetOptions {
  store: SendPaceStore;
  /** The bot whose limits these are: `telegram:<botId>` (the platform counts per bot, not per process). */
  botKey: string;
  limits: RateLimits;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** After a database error, the next booking is tried after this long (the send waits meanwhile). */
const RETRY_AFTER_ERROR_MS = 1_000;

/**
 * A platform's per-bot limits shared by every instance that sends for the bot. Each message books its
 * slot in the database (`hamkar_book_send`, one round trip): the bot's slots are handed out one
 * interval apart whoever asks, a chat's next slot counts from its last one, and a group's recent sends
 * are kept for its window cap. Live instances therefore share the rate by demand (an idle instance
 * takes none of it), and joining or dying needs no coordination: a booked slot that nobody uses is
 * simply lost time.
 *
 * Within the process, bookings are made one at a time and each waits for its slot before the next is
 * booked, so that the bot's schedule never runs more than one slot per instance ahead of the clock (a
 * broadcast queued here does not reserve the next minute for itself).
 */
export class SharedSendBudget implements SendPacer {
  private line: Promise<unknown> = Promise.resolve();
  private blockedUntil = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private lastErrorLogAt = 0;

  constructor(private readonly options: SharedSendBudgetOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async acquire(chatId: string, isGroup = false, prepare?: () => Promise<void>): Promise<void> {
    for (;;) {
      const turn = this.line.then(() => this.bookAndWait(chatId, isGroup));
      this.line = turn.catch(() => undefined);
      const chatFreeInMs = await turn;
      if (chatFreeInMs === 0) break;
      // This chat is not free yet (another instance, or this one, sent to it a moment ago): wait
      // outside the line, so that messages to other chats go meanwhile.
      await this.sleep(chatFreeInMs);
    }
    if (prepare) await prepare();
  }

  pauseAll(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, Date.now() + ms);
    // The other instances must hold back too: the bot's next slot moves past the pause.
    this.options.store.pauseBot(this.options.botKey, ms).catch((error: unknown) => this.logError(error));
  }

  /** Forgets chats nobody sent to for a while (their rows only matter for a minute). */
  async forgetIdleChats(olderThanMs = 3_600_000): Promise<number> {
    return this.options.store.forgetIdleChats(this.options.botKey, olderThanMs);
  }

  /** 0 once the slot is booked and reached; otherwise how long until the chat is free (nothing booked). */
  private async bookAndWait(chatId: string, isGroup: boolean): Promise<number> {
    for (;;) {
      const paused = this.blockedUntil - Date.now();
      if (paused > 0) await this.sleep(paused);
      let answer: SendBooking;
      try {
        answer = await this.book(chatId, isGroup);
      } catch (error) {
        this.logError(error);
        await this.sleep(RETRY_AFTER_ERROR_MS);
        continue;
      }
      if (!answer.booked) return Math.max(1, Math.ceil(answer.waitMs));
      if (answer.waitMs > 0) await this.sleep(answer.waitMs);
      return 0;
    }
  }

  private async book(chatId: string, isGroup: boolean): Promise<SendBooking> {
    const { limits, botKey } = this.options;
    const groupLimit = isGroup ? (limits.perGroupPerWindow ?? 0) : 0;
    return this.options.store.book({
      botKey,
      chatKey: `${botKey}:chat:${chatId}`,
      globalIntervalMs: 1000 / limits.globalPerSecond,
      perChatIntervalMs: limits.perChatIntervalMs,
      groupLimit,
      groupWindowMs: limits.groupWindowMs ?? 60_000,
    });
  }

  private logError(error: unknown): void {
    // A database outage would otherwise log once per message.
    if (Date.now() - this.lastErrorLogAt < 10_000) return;
    this.lastErrorLogAt = Date.now();
    this.options.logger.error({ err: error }, 'shared send budget: the database did not answer; sends wait');
  }
}

/**
 * The overall rate several processes book together: lower than one process's own. A message leaves a
 * moment after its slot, and that moment varies from process to process (timers, the event loop, the
 * "delivering" mark); two slots one interval apart may then reach the platform closer together. At
 * 29/s thirty-one slots span 1,034 ms, so 35 ms of such jitter already makes a 31st message in one
 * second; at this fraction (25/s for Telegram) they span 1,200 ms.
 */
export const SHARED_RATE_FRACTION = 0.86;

export function sharedLimits(limits: RateLimits): RateLimits {
  return { ...limits, globalPerSecond: Math.floor(limits.globalPerSecond * SHARED_RATE_FRACTION) };
}

/** The budget's key for a bot: its platform and the numeric id that starts its token (not a secret). */
export function botBudgetKey(platform: string, token: string): string {
  return `${platform}:${token.split(':')[0]}`;
}
