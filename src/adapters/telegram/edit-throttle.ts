/**
 * Telegram refuses (429) frequent edits of one message; a live tally may change many times a second.
 * An edit within `intervalMs` of the previous edit of the same message waits: the outbox retries it
 * after the returned delay, and a newer edit of the message supersedes it there (see
 * `Outbox.enqueue`), so that only the latest content goes out.
 */
export class EditThrottle {
  private readonly lastEditAt = new Map<string, number>();

  constructor(
    private readonly intervalMs = 3_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the message may be edited now; otherwise the milliseconds to wait. */
  delay(chatId: string, messageId: string): number {
    const last = this.lastEditAt.get(`${chatId}:${messageId}`);
    return last === undefined ? 0 : Math.max(0, Math.ceil(last + this.intervalMs - this.now()));
  }

  /** The message is being edited now. */
  record(chatId: string, messageId: string): void {
    const t = this.now();
    if (this.lastEditAt.size > 10_000) this.forgetOld(t);
    this.lastEditAt.set(`${chatId}:${messageId}`, t);
  }

  private forgetOld(t: number): void {
    for (const [key, at] of this.lastEditAt) if (at + this.intervalMs <= t) this.lastEditAt.delete(key);
  }
}
