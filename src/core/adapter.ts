import type { InboundEvent, OutboundMessage } from './event.ts';

/** The outcome of one platform call: what the outbox does next depends on it. */
export type SendResult =
  /** `messageId`: the platform's id of the message, for later edits. */
  | { ok: true; messageId?: string }
  /** Try again later: a 429 (`retryAfterMs` from the platform), a 5xx, a network error. */
  | { ok: false; kind: 'retry'; retryAfterMs?: number; error: string }
  /** Never again: the bot was blocked, the chat is gone. The target is marked unreachable. */
  | { ok: false; kind: 'permanent'; error: string }
  /**
   * This message can never be sent as it is (the platform refused its content, or the message to edit
   * is gone), but the chat is fine: the message fails, the target stays reachable.
   */
  | { ok: false; kind: 'rejected'; error: string };

/** What the outbox asks an adapter to report while it sends one message. */
export interface SendHooks {
  /**
   * Called once, after the rate-limit waits and right before the first platform call that may deliver
   * the message. The outbox records it: if the process dies before the outcome is known, the message is
   * in doubt and is not sent again (a platform with no idempotent send cannot tell us whether it
   * arrived; a duplicate would be silent, a message in doubt is reported).
   */
  beforeDelivery(): Promise<void>;
}

/** One messaging platform, seen from the core. */
export interface PlatformAdapter {
  readonly platform: string;
  /** Starts receiving; every update becomes one event handed to `onEvent`. */
  start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** Waits for this adapter's rate limits, then sends. Never throws for a platform error: returns it. */
  send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult>;
}
