import type { InboundEvent, OutboundMessage } from './event.ts';

/** The outcome of one platform call: what the outbox does next depends on it. */
export type SendResult =
  /** `messageId`: the platform's id of the message, for later edits. */
  | { ok: true; messageId?: string }
  /** Try again later: a 429 (`retryAfterMs` from the platform), a 5xx, a network error. */
  | { ok: false; kind: 'retry'; retryAfterMs?: number; error: string }
  /** Never again: the bot was blocked, the chat is gone. The target is marked unreachable. */
  | { ok: false; kind: 'permanent'; error: string };

/** One messaging platform, seen from the core. */
export interface PlatformAdapter {
  readonly platform: string;
  /** Starts receiving; every update becomes one event handed to `onEvent`. */
  start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** Waits for this adapter's rate limits, then sends. Never throws for a platform error: returns it. */
  send(chatId: string, message: OutboundMessage): Promise<SendResult>;
}
