import type { Telegram } from 'telegraf';
import type { Opts } from 'telegraf/types';
import type { SendHooks, SendResult } from '../../core/adapter.ts';
import type { SendPacer } from '../../core/send-pacer.ts';
import { toSendResult } from './api-errors.ts';

/** The Bot API methods that deliver or change messages: the ones under Telegram's message limits. */
export type MessageMethod =
  'sendMessage' | 'sendPhoto' | 'sendDocument' | 'editMessageText' | 'editMessageReplyMarkup' | 'editMessageCaption';

export interface PacedBotApiOptions {
  telegram: Telegram;
  /** The in-process RateLimiter, or the SharedSendBudget when several instances send for one bot. */
  limiter: SendPacer;
  /** Resolves when the adapter stops: calls still waiting for their turn give up. */
  stopped: Promise<void>;
  /** Bound on one call; telegraf's own is over eight minutes. */
  timeoutMs: number;
}

/**
 * Bot API calls under the rate limits: each waits for its chat's turn, a 429 pauses them all for its
 * `retry_after`, and every call has a timeout.
 */
export class PacedBotApi {
  constructor(private readonly options: PacedBotApiOptions) {}

  /**
   * Waits for this chat's turn, the outbox's `beforeDelivery` done on the way (see `RateLimiter.acquire`);
   * false when the adapter stopped first. Once `beforeDelivery` began, the message goes.
   */
  async waitTurn(chatId: string, hooks: SendHooks | undefined): Promise<boolean> {
    let delivering = false;
    let abandoned = false;
    const prepare = hooks
      ? async () => {
          // A send given up at a stop is retried by the outbox; its slot, when it comes, marks nothing.
          if (abandoned) return;
          delivering = true;
          await hooks.beforeDelivery();
        }
      : undefined;
    const turn = this.options.limiter.acquire(chatId, isGroupChat(chatId), prepare);
    const first = await Promise.race([turn.then(() => true), this.options.stopped.then(() => false)]);
    if (first) return true;
    if (!delivering) {
      abandoned = true;
      return false;
    }
    await turn;
    return true;
  }

  /** Waits for this chat's turn even while the adapter stops (the rest of a message already begun). */
  waitTurnRegardless(chatId: string): Promise<void> {
    return this.options.limiter.acquire(chatId, isGroupChat(chatId));
  }

  call<M extends MessageMethod>(method: M, payload: Opts<M>, timeoutMs = this.options.timeoutMs): Promise<unknown> {
    // telegraf types the signal with the `abort-controller` shim; node-fetch takes Node's own.
    const signal = AbortSignal.timeout(timeoutMs) as never;
    const chatId = String((payload as { chat_id?: string | number }).chat_id);
    const sentAt = Date.now();
    return this.options.telegram
      .callApi(method, payload, { signal })
      .finally(() => this.options.limiter.answered?.(chatId, sentAt));
  }

  /** What the outbox should do after this error. */
  failed(error: unknown): Exclude<SendResult, { ok: true }> {
    const result = toSendResult(error);
    // Telegram's flood control is per bot: nothing else should go out before it lifts.
    if (result.kind === 'retry' && result.retryAfterMs) this.options.limiter.pauseAll(result.retryAfterMs);
    return result;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }
}

/** Telegram's group, supergroup and channel ids are negative; private chats are the user's id. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}
