/**
 * Paces sends under a platform's limits: a global rate, a minimum interval per chat, and an optional
 * window cap per group (Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group). Each adapter
 * builds one with its own numbers; the outbox dispatcher waits on it before every send.
 */
export interface RateLimits {
  /** Messages per second over all chats. */
  globalPerSecond: number;
  /**
   * The platform's own overall limit, which `globalPerSecond` stays under (Telegram: 30 a second). The
   * gap is how late a message may reach the platform before it makes one too many in some second: the
   * shared send budget moves its schedule when a message was later than that (SharedSendBudget.answered).
   */
  platformPerSecond?: number;
  /** Minimum milliseconds between two messages to one chat. */
  perChatIntervalMs: number;
  /** At most this many messages per `groupWindowMs` to one group chat. */
  perGroupPerWindow?: number;
  groupWindowMs?: number;
}

/**
 * How long `platformPerSecond + 1` consecutive slots of ours span: the platform refuses that many within
 * a second, and whatever the span is past a second, a message may reach it late without crowding the one
 * `platformPerSecond` after it (at 29 for 30 a second: 1,034 ms). Undefined when the platform's limit is
 * not known or not above our rate.
 */
export function platformWindowMs({ globalPerSecond, platformPerSecond }: RateLimits): number | undefined {
  return platformPerSecond && platformPerSecond > globalPerSecond
    ? (platformPerSecond * 1000) / globalPerSecond
    : undefined;
}

export class RateLimiter {
  private nextGlobalAt = 0;
  private readonly nextChatAt = new Map<string, number>();
  private readonly groupSends = new Map<string, number[]>();
  private blockedUntil = 0;
  /** The waiters for the overall rate, in arrival order: a thousand queued messages wait on one timer. */
  private line: Promise<void> = Promise.resolve();
  /** When recent messages really left (their prepare done), oldest first: the platform's window guard. */
  private readonly departures: number[] = [];
  /** Messages given their turn whose prepare is still running: they leave at any moment now. */
  private preparing = 0;
  /** See `platformWindowMs`; undefined: no guard. */
  private readonly platformWindowMs: number | undefined;

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.platformWindowMs = platformWindowMs(limits);
  }

  /**
   * Waits until a message to `chatId` may go, and books its slot. `prepare` runs once the slot is
   * booked: work that must be done before the message leaves (the outbox's durable "delivering" mark).
   * The chat's next slot then counts from when it is done, so that its varying duration does not
   * shorten the gap the platform sees between two messages to one chat; the overall schedule moves
   * only when it took longer than a quarter of an interval (moving it always would add the duration to
   * every interval).
   *
   * The schedule alone does not keep the platform's count: a message whose prepare (or the event loop)
   * made it leave late sits closer to the next ones than its slot says, and a run of such bunched
   * messages made 31 in one second at Telegram (bench/big-network.ts: 31 in 1,010 ms, twice in an
   * hour). So a turn also waits until the message `platformPerSecond` before it really left a whole
   * window ago (`platformWindowMs`): whatever their slots, no more than the platform allows ever leave
   * within it. On schedule the guard never waits; it takes back only what lateness crowded together.
   */
  async acquire(chatId: string, isGroup = false, prepare?: () => Promise<void>): Promise<void> {
    // The chat's own limits first, each chat on its own: a chat that must wait holds up no other.
    await this.waitUntil(() => this.chatDelay(chatId, isGroup));
    const interval = 1000 / this.limits.globalPerSecond;
    const turn = this.line.then(async () => {
      await this.waitUntil(
        () => Math.max(this.blockedUntil, this.nextGlobalAt, this.platformWindowFreeAt(interval)) - this.now(),
      );
      // A timer that fires a little late keeps the schedule (lateness would add up to a lower rate);
      // after a pause the schedule starts again from now.
      const t = this.now();
      this.nextGlobalAt = (t - this.nextGlobalAt < interval / 4 ? this.nextGlobalAt : t) + interval;
      this.preparing++;
    });
    this.line = turn;
    await turn;
    let departed = false;
    try {
      await this.leave(chatId, isGroup, interval, prepare);
      departed = true;
    } finally {
      this.preparing--;
      if (departed && this.platformWindowMs !== undefined) this.departures.push(this.now());
    }
  }

  /** The rest of a turn, once the overall rate and the platform's window gave it: the chat's slot, then prepare. */
  private async leave(
    chatId: string,
    isGroup: boolean,
    interval: number,
    prepare: (() => Promise<void>) | undefined,
  ): Promise<void> {
    // Another message to this chat may have gone meanwhile (the outbox sends one per chat at a time,
    // so normally none did).
    await this.waitUntil(() => this.chatDelay(chatId, isGroup));
    const t = this.now();
    if (this.nextChatAt.size > 10_000) this.forgetIdleChats(t);
    this.nextChatAt.set(chatId, t + this.limits.perChatIntervalMs);
    if (isGroup && this.limits.perGroupPerWindow) this.recentGroupSends(chatId, t).push(t);
    if (!prepare) return;
    await prepare();
    const left = this.now();
    this.nextChatAt.set(chatId, Math.max(this.nextChatAt.get(chatId) ?? 0, left + this.limits.perChatIntervalMs));
    // A slow prepare (a database stall) would let the next messages bunch up behind this one at the
    // platform: the overall schedule then continues from when it really left.
    if (left - t > interval / 4) this.nextGlobalAt = Math.max(this.nextGlobalAt, left + interval);
  }

  /**
   * When one more message may leave without making `platformPerSecond + 1` within `platformWindowMs`:
   * the messages still preparing count as leaving now. 0 when there is room (or no guard).
   */
  private platformWindowFreeAt(interval: number): number {
    const windowMs = this.platformWindowMs;
    const allowed = this.limits.platformPerSecond;
    if (windowMs === undefined || allowed === undefined) return 0;
    const t = this.now();
    while (this.departures.length > 0 && this.departures[0]! <= t - windowMs) this.departures.shift();
    const over = this.departures.length + this.preparing - allowed;
    if (over < 0) return 0;
    // The oldest `over + 1` departures must leave the window; if those are still preparing, look again
    // an interval later.
    const until = this.departures[over];
    return until === undefined ? t + interval : until + windowMs;
  }

  /** A 429 with `retry_after`: nothing goes to this platform until then. */
  pauseAll(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  private async waitUntil(delay: () => number): Promise<void> {
    for (let wait = delay(); wait > 0; wait = delay()) await this.sleep(wait);
  }

  private chatDelay(chatId: string, isGroup: boolean): number {
    const t = this.now();
    let wait = (this.nextChatAt.get(chatId) ?? 0) - t;
    const { perGroupPerWindow, groupWindowMs } = this.limits;
    if (isGroup && perGroupPerWindow && groupWindowMs) {
      const recent = this.recentGroupSends(chatId, t);
      if (recent.length >= perGroupPerWindow) wait = Math.max(wait, recent[0]! + groupWindowMs - t);
    }
    return wait;
  }

  private forgetIdleChats(t: number): void {
    for (const [chatId, at] of this.nextChatAt) if (at < t) this.nextChatAt.delete(chatId);
  }

  private recentGroupSends(chatId: string, t: number): number[] {
    const window = this.limits.groupWindowMs ?? 60_000;
    const kept = (this.groupSends.get(chatId) ?? []).filter((at) => at > t - window);
    this.groupSends.set(chatId, kept);
    return kept;
  }
}
