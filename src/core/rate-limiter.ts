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

export class RateLimiter {
  private nextGlobalAt = 0;
  private readonly nextChatAt = new Map<string, number>();
  private readonly groupSends = new Map<string, number[]>();
  private blockedUntil = 0;
  /** The waiters for the overall rate, in arrival order: a thousand queued messages wait on one timer. */
  private line: Promise<void> = Promise.resolve();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * Waits until a message to `chatId` may go, and books its slot. `prepare` runs once the slot is
   * booked: work that must be done before the message leaves (the outbox's durable "delivering" mark).
   * The chat's next slot then counts from when it is done, so that its varying duration does not
   * shorten the gap the platform sees between two messages to one chat; the overall schedule moves
   * only when it took longer than a quarter of an interval (moving it always would add the duration to
   * every interval).
   */
  async acquire(chatId: string, isGroup = false, prepare?: () => Promise<void>): Promise<void> {
    // The chat's own limits first, each chat on its own: a chat that must wait holds up no other.
    await this.waitUntil(() => this.chatDelay(chatId, isGroup));
    const interval = 1000 / this.limits.globalPerSecond;
    const turn = this.line.then(async () => {
      await this.waitUntil(() => Math.max(this.blockedUntil, this.nextGlobalAt) - this.now());
      // A timer that fires a little late keeps the schedule (lateness would add up to a lower rate);
      // after a pause the schedule starts again from now.
      const t = this.now();
      this.nextGlobalAt = (t - this.nextGlobalAt < interval / 4 ? this.nextGlobalAt : t) + interval;
    });
    this.line = turn;
    await turn;
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
