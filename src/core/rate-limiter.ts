/**
 * Paces sends under a platform's limits: a global rate, a minimum interval per chat, and an optional
 * window cap per group (Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group). Each adapter
 * builds one with its own numbers; the outbox dispatcher waits on it before every send.
 */
export interface RateLimits {
  /** Messages per second over all chats. */
  globalPerSecond: number;
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

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until a message to `chatId` may go, and books its slot. */
  async acquire(chatId: string, isGroup = false): Promise<void> {
    for (;;) {
      const wait = this.delayFor(chatId, isGroup);
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    const t = this.now();
    this.nextGlobalAt = Math.max(this.nextGlobalAt, t) + 1000 / this.limits.globalPerSecond;
    if (this.nextChatAt.size > 10_000) this.forgetIdleChats(t);
    this.nextChatAt.set(chatId, t + this.limits.perChatIntervalMs);
    if (isGroup && this.limits.perGroupPerWindow) this.recentGroupSends(chatId, t).push(t);
  }

  /** A 429 with `retry_after`: nothing goes to this platform until then. */
  pauseAll(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  private delayFor(chatId: string, isGroup: boolean): number {
    const t = this.now();
    let wait = Math.max(this.blockedUntil - t, this.nextGlobalAt - t);
    wait = Math.max(wait, (this.nextChatAt.get(chatId) ?? 0) - t);
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
