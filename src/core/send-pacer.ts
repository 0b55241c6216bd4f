/**
 * What an adapter waits on before each platform call that sends a message: the in-process
 * `RateLimiter` (one instance, or the embedded database) or the database-backed `SharedSendBudget`
 * (several instances sending for one bot).
 */
export interface SendPacer {
  /**
   * Waits until a message to `chatId` may go, and books its slot; `prepare` runs once the slot is
   * booked, right before the message leaves (the outbox's durable "delivering" mark).
   */
  acquire(chatId: string, isGroup?: boolean, prepare?: () => Promise<void>): Promise<void>;
  /** The platform answered 429 with `retry_after`: nothing goes to it until then. */
  pauseAll(ms: number): void;
  /**
   * The platform answered (or the call failed) for the message that last took a turn for `chatId`,
   * which left at `sentAt` (epoch ms, as the request was made). Lets a pacer learn how late messages
   * reach the platform; the in-process limiter has no use for it.
   */
  answered?(chatId: string, sentAt: number): void;
}
