/** Telegram's limits on messages (sends and edits), as this fake enforces them. */
export interface FloodLimits {
  /** Messages per sliding second, all chats together. */
  perSecond: number;
  /** Minimum milliseconds between two messages to one chat. */
  perChatIntervalMs: number;
  /** Messages per sliding minute to one group. */
  perGroupPerMinute: number;
}

export const TELEGRAM_FLOOD_LIMITS: FloodLimits = { perSecond: 30, perChatIntervalMs: 1000, perGroupPerMinute: 20 };

export type FloodVerdict = { ok: true } | { ok: false; retryAfter: number };

/**
 * Answers 429 with `retry_after` when a message would exceed the limits, and again to any message that
 * comes back before its `retry_after` is over (counted in `earlyRetries`: a bot that obeys has none).
 */
export class FloodControl {
  tooManyRequests = 0;
  earlyRetries = 0;
  /** The most messages accepted within any one second (sliding): what the bot's pacing achieved. */
  maxPerSecond = 0;
  private readonly lastSecond: number[] = [];
  private readonly recent: number[] = [];
  private readonly lastToChat = new Map<string, number>();
  private readonly recentToGroup = new Map<string, number[]>();
  private globalUntil = 0;
  private readonly chatUntil = new Map<string, number>();

  constructor(
    private readonly limits: FloodLimits | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a message to `chatId` may go now; an accepted one is counted against the limits. */
  admit(chatId: string): FloodVerdict {
    const t = this.now();
    const until = Math.max(this.globalUntil, this.chatUntil.get(chatId) ?? 0);
    if (t < until) {
      this.earlyRetries++;
      return this.refuse(Math.ceil((until - t) / 1000));
    }
    if (this.limits) {
      const verdict = this.checkLimits(chatId, t, this.limits);
      if (!verdict.ok) return verdict;
    }
    this.recent.push(t);
    while (this.lastSecond.length > 0 && this.lastSecond[0]! <= t - 1000) this.lastSecond.shift();
    this.lastSecond.push(t);
    this.maxPerSecond = Math.max(this.maxPerSecond, this.lastSecond.length);
    this.lastToChat.set(chatId, t);
    if (chatId.startsWith('-')) this.groupWindow(chatId, t).push(t);
    return { ok: true };
  }

  /** An injected 429 (a test's): the chat is closed for `seconds`, as after a real one. */
  forceWait(chatId: string, seconds: number): void {
    this.tooManyRequests++;
    this.chatUntil.set(chatId, this.now() + seconds * 1000);
  }

  private checkLimits(chatId: string, t: number, limits: FloodLimits): FloodVerdict {
    while (this.recent.length > 0 && this.recent[0]! <= t - 1000) this.recent.shift();
    if (this.recent.length >= limits.perSecond) {
      this.globalUntil = t + 1000;
      return this.refuse(1);
    }
    const last = this.lastToChat.get(chatId);
    if (last !== undefined && t - last < limits.perChatIntervalMs) {
      this.chatUntil.set(chatId, last + limits.perChatIntervalMs);
      return this.refuse(1);
    }
    if (chatId.startsWith('-')) {
      const window = this.groupWindow(chatId, t);
      if (window.length >= limits.perGroupPerMinute) {
        const seconds = Math.ceil((window[0]! + 60_000 - t) / 1000);
        this.chatUntil.set(chatId, t + seconds * 1000);
        return this.refuse(seconds);
      }
    }
    return { ok: true };
  }

  private refuse(retryAfter: number): FloodVerdict {
    this.tooManyRequests++;
    return { ok: false, retryAfter: Math.max(1, retryAfter) };
  }

  private groupWindow(chatId: string, t: number): number[] {
    const kept = (this.recentToGroup.get(chatId) ?? []).filter((at) => at > t - 60_000);
    this.recentToGroup.set(chatId, kept);
    return kept;
  }
}
