import type { Logger } from '../logger.ts';
import { platformWindowMs, type RateLimits } from '../core/rate-limiter.ts';
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
  /** Moves the bot's schedule `ms` later: every slot not yet handed out comes that much later. */
  delayBot(botKey: string, ms: number): Promise<void>;
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
  now?: () => number;
}

/** After a database error, the next booking is tried after this long (the send waits meanwhile). */
const RETRY_AFTER_ERROR_MS = 1_000;
/** Round trips remembered for the fastest one: the network's own delay, which every message has. */
const ROUND_TRIPS_KEPT = 64;
/**
 * No correction is larger: a message answered later than this (a stall, a timeout) tells no more, and
 * by then the bookings made meanwhile are past reach anyway.
 */
const MAX_CORRECTION_MS = 1_000;
/** This instance's corrections, remembered to tell which later ones they already cover. */
const CORRECTIONS_KEPT_MS = 5_000;
/** The debug line of a correction (bench/multi-instance.ts counts them). */
export const SCHEDULE_MOVED = 'send schedule moved: a message reached the platform later than the margin allows';

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
 *
 * A message reaches the platform a moment after its slot, and that moment varies: a timer fires late, the
 * "delivering" mark waits on the disk, another process has the CPU. Messages of several processes may
 * then arrive closer together than their slots. The gap between our rate and the platform's
 * (`platformPerSecond`) absorbs most of it; when a message was later than that gap allows, the bot's
 * schedule is moved by the excess (`answered`), so that the platform never counts one too many in a
 * second. Measured (bench/multi-instance.ts, 3 instances on a loaded 2-core machine): from slot to the
 * platform p50 6 ms, p90 23 ms, p99 96 ms — a fixed margin for that tail (the former 24/s for 29) left
 * 14 % of the budget unused, while the tail is a few messages in a hundred.
 */
export class SharedSendBudget implements SendPacer {
  private line: Promise<unknown> = Promise.resolve();
  private blockedUntil = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private lastErrorLogAt = 0;
  /** How late a message may reach the platform unnoticed; undefined when its limit is not known. */
  private readonly toleranceMs: number | undefined;
  /** The last turn each chat took: when it was booked and its slot (a little early: see `bookAndWait`). */
  private readonly turns = new Map<string, { bookedAt: number; slotAt: number }>();
  private readonly roundTrips: number[] = [];
  private corrections: Array<{ at: number; ms: number }> = [];

  constructor(private readonly options: SharedSendBudgetOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    // What the platform's window (rate-limiter.ts) leaves past a second: how late a message may be.
    const windowMs = platformWindowMs(options.limits);
    this.toleranceMs = windowMs === undefined ? undefined : windowMs - 1000;
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

  /**
   * The platform answered the message of `chatId`'s last turn, sent at `sentAt`. How late it may have
   * reached the platform, counted from its slot: its wait here past the slot, and however much longer
   * its round trip took than the fastest of late (the network's own delay is the same for every message
   * and crowds none). Past the tolerance, the bot's schedule moves by the excess: the slot 30 after
   * this one, wherever it is booked, then comes late enough. Corrections this instance made since the
   * slot was booked moved that slot already (one stall makes several messages late; once is enough).
   */
  answered(chatId: string, sentAt: number): void {
    const turn = this.turns.get(chatId);
    this.turns.delete(chatId);
    if (!turn || this.toleranceMs === undefined) return;
    const now = this.now();
    const roundTrip = now - sentAt;
    this.roundTrips.push(roundTrip);
    if (this.roundTrips.length > ROUND_TRIPS_KEPT) this.roundTrips.shift();
    const late = sentAt - turn.slotAt + (roundTrip - Math.min(...this.roundTrips));
    this.corrections = this.corrections.filter((c) => c.at > now - CORRECTIONS_KEPT_MS);
    const covered = this.corrections.reduce((sum, c) => (c.at > turn.bookedAt ? sum + c.ms : sum), 0);
    const excess = Math.min(MAX_CORRECTION_MS, late - this.toleranceMs) - covered;
    if (excess <= 0) return;
    this.corrections.push({ at: now, ms: excess });
    this.options.logger.debug({ chatId, lateMs: late, correctionMs: excess }, SCHEDULE_MOVED);
    this.options.store.delayBot(this.options.botKey, excess).catch((error: unknown) => this.logError(error));
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
      const bookedAt = this.now();
      try {
        answer = await this.book(chatId, isGroup);
      } catch (error) {
        this.logError(error);
        await this.sleep(RETRY_AFTER_ERROR_MS);
        continue;
      }
      if (!answer.booked) return Math.max(1, Math.ceil(answer.waitMs));
      // The database's clock said `waitMs` somewhere during the round trip; counted from its start, the
      // slot is placed early rather than late, and a message's lateness is never underestimated.
      if (this.turns.size > 10_000) this.forgetOldTurns(bookedAt);
      this.turns.set(chatId, { bookedAt, slotAt: bookedAt + answer.waitMs });
      if (answer.waitMs > 0) await this.sleep(answer.waitMs);
      return 0;
    }
  }

  /** Turns whose message never went (the adapter stopped) are not answered: forgotten after a minute. */
  private forgetOldTurns(now: number): void {
    for (const [chatId, turn] of this.turns) if (turn.slotAt < now - 60_000) this.turns.delete(chatId);
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
 * The overall rate several processes book together. With the platform's own limit known, the same as
 * one process's (Telegram: 29 of its 30 a second): lateness is caught per message (see the class).
 * Without it (TELEGRAM_MAX_PER_SECOND raised past Telegram's published rate, as paid broadcasts allow),
 * a fixed fraction, wide enough for the slot-to-platform delays measured on a loaded machine.
 */
export const UNKNOWN_PLATFORM_FRACTION = 0.86;

export function sharedLimits(limits: RateLimits): RateLimits {
  if (limits.platformPerSecond && limits.platformPerSecond > limits.globalPerSecond) return limits;
  return { ...limits, globalPerSecond: Math.floor(limits.globalPerSecond * UNKNOWN_PLATFORM_FRACTION) };
}

/** The budget's key for a bot: its platform and the numeric id that starts its token (not a secret). */
export function botBudgetKey(platform: string, token: string): string {
  return `${platform}:${token.split(':')[0]}`;
}
