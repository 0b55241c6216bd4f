import { TelegramError, type Telegram } from 'telegraf';
import type { Opts } from 'telegraf/types';
import type { Logger } from '../../logger.ts';
import { pause } from '../../core/pause.ts';
import type { WireUpdate } from './update-to-event.ts';

export interface LongPollingOptions {
  /** telegraf's client: only its `callApi` is used. */
  api: Pick<Telegram, 'callApi'>;
  allowedUpdates: NonNullable<Opts<'getUpdates'>['allowed_updates']>;
  /** Handles one update; rejects when it was not handled (then it is fetched again, or left for the next start). */
  handle: (update: WireUpdate) => Promise<void>;
  logger: Logger;
  /** How long Telegram holds a getUpdates open while there is nothing new (telegraf's 50 s by default). */
  pollSeconds?: number;
  /** The first pause after a failed call or a failed update; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** A failed update is tried this many times in all; after that it is confirmed and reported as lost. */
  maxAttempts?: number;
  /** The pause after a 409 (another getUpdates with this token, or a webhook set elsewhere). */
  conflictRetryMs?: number;
}

/** The Bot API ends a long poll after `pollSeconds`; a request unanswered this much longer is a dead connection. */
const DEAD_POLL_MARGIN_MS = 15_000;

/**
 * Long polling that confirms an update to Telegram only once it was handled. telegraf's own polling
 * moves its offset as soon as a batch is fetched and, when stopped, confirms that offset: updates the
 * core could not record (its database out of reach at a SIGTERM) would be lost. Here the offset sent
 * with the next getUpdates — which is what confirms — is one past the last update that was handled
 * together with every update before it; the rest are fetched again, by this loop or at the next start
 * (the core drops redeliveries of what it handled). A stop confirms nothing more.
 */
export class LongPolling {
  private readonly stopped = new AbortController();
  private offset = 0;
  /** Updates that failed, by id: how many times they were tried. */
  private readonly attempts = new Map<number, number>();
  private readonly pollSeconds: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly conflictRetryMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly options: LongPollingOptions) {
    this.pollSeconds = options.pollSeconds ?? 50;
    this.retryMs = options.retryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.conflictRetryMs = options.conflictRetryMs ?? DEFAULT_CONFLICT_RETRY_MS;
  }

  /**
   * Deletes any webhook (getUpdates is refused while one is set), then polls until `stop()`. Rejects on
   * an answer that retrying cannot mend: 401 (a wrong or revoked token), 400. A 409 (another process
   * polls with the token) is waited out.
   */
  async run(): Promise<void> {
    const { api, allowedUpdates } = this.options;
    const deleted = await this.retrying('deleteWebhook', (signal) => api.callApi('deleteWebhook', {}, { signal }));
    if (deleted === undefined) return;
    for (;;) {
      const updates = await this.retrying('getUpdates', (signal) =>
        api.callApi(
          'getUpdates',
          { offset: this.offset, timeout: this.pollSeconds, allowed_updates: allowedUpdates },
          { signal },
        ),
      );
      if (updates === undefined) return;
      await this.handleBatch(updates as WireUpdate[]);
    }
  }

  /** Ends the poll in flight; the updates being handled finish (`run` resolves then), and nothing more is confirmed. */
  stop(): void {
    this.stopped.abort();
  }

  /** The answer of a Bot API call, made again until it comes; undefined once stopped. */
  private async retrying<T>(method: string, call: (signal: never) => Promise<T>): Promise<T | undefined> {
    for (let failures = 0; !this.stopped.signal.aborted;) {
      const request = new AbortController();
      const abort = (): void => request.abort();
      this.stopped.signal.addEventListener('abort', abort, { once: true });
      // A dropped connection can leave a request unanswered forever: it is abandoned and made again.
      const deadline = setTimeout(abort, this.pollSeconds * 1000 + DEAD_POLL_MARGIN_MS);
      try {
        // telegraf types the signal with the `abort-controller` shim; node-fetch takes Node's own.
        return await call(request.signal as never);
      } catch (error) {
        if (this.stopped.signal.aborted) return undefined;
        const retry = retryPolicy(error);
        if (retry === 'never') throw error;
        if (retry === 'conflict') {
          // Telegram ends the older of two long polls with 409: giving up would leave this process deaf
          // for good because a stray one (a laptop with the production token) polled once. Loud, and
          // again after a pause; a webhook set elsewhere answers 409 too, and says so in the error.
          this.options.logger.error(
            { err: error, method, pauseMs: this.conflictRetryMs },
            'telegram polling: 409, another process polls with this token (or a webhook is set); trying again',
          );
          await this.pause(this.conflictRetryMs);
          continue;
        }
        failures++;
        const pauseMs = retry === 'backoff' ? this.backoff(failures) : retry;
        this.options.logger.warn({ err: error, method, pauseMs }, 'telegram polling: call failed; trying again');
        await this.pause(pauseMs);
      } finally {
        clearTimeout(deadline);
        this.stopped.signal.removeEventListener('abort', abort);
      }
    }
    return undefined;
  }

  /**
   * Handles a batch (one chat's updates stay in order: the adapter queues them per chat) and moves the
   * offset past the updates handled with all those before them.
   */
  private async handleBatch(updates: WireUpdate[]): Promise<void> {
    const results = await Promise.allSettled(updates.map(async (update) => this.options.handle(update)));
    const stuck = this.moveOffset(updates, results);
    // Not at once: what failed may need a moment (a Bot API call of its own that failed, say).
    if (stuck !== undefined) await this.pause(this.backoff(this.attempts.get(stuck) ?? 1));
  }

  /** Moves the offset past the handled prefix of the batch; returns the id it stops at, if one failed. */
  private moveOffset(updates: WireUpdate[], results: PromiseSettledResult<void>[]): number | undefined {
    const order = updates.map((update, i) => ({ id: update.update_id, result: results[i]! }));
    order.sort((a, b) => a.id - b.id);
    for (const { id, result } of order) {
      if (id < this.offset) continue;
      if (result.status === 'rejected' && !this.giveUp(id, result.reason)) {
        // The next getUpdates starts at it (what is before it is handled).
        this.offset = id;
        return id;
      }
      this.attempts.delete(id);
      this.offset = id + 1;
    }
    return undefined;
  }

  /** Counts a failure of this update; true when it has failed too often to be tried again. */
  private giveUp(id: number, reason: unknown): boolean {
    // A stopping process gives up nothing: what failed (the core stopped waiting for its database) is
    // left unconfirmed, for the next start.
    if (this.stopped.signal.aborted) return false;
    const tries = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, tries);
    if (tries < this.maxAttempts) {
      this.options.logger.warn(
        { err: reason, updateId: id, attempt: tries },
        'telegram update not handled; fetched again',
      );
      return false;
    }
    // One update that always fails must not hold back every update after it.
    this.options.logger.error({ err: reason, updateId: id, attempts: tries }, 'telegram update not handled; given up');
    return true;
  }

  private backoff(failures: number): number {
    return Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.max(0, failures - 1));
  }

  private pause(ms: number): Promise<void> {
    return pause(ms, this.stopped.signal);
  }
}

/** After a 409, while another process polls: long enough not to fight it on every poll. */
const DEFAULT_CONFLICT_RETRY_MS = 30_000;

/**
 * When to try a failed call again: after Telegram's `retry_after` (ms) for a 429, after a growing pause
 * for a 5xx or a network failure, after a long pause for a 409 (a conflict that may end), never when
 * trying again cannot help (401, 400).
 */
function retryPolicy(error: unknown): number | 'backoff' | 'conflict' | 'never' {
  if (!(error instanceof TelegramError)) return 'backoff';
  if (error.code === 429) return (error.parameters?.retry_after ?? 1) * 1000;
  if (error.code === 409) return 'conflict';
  if (error.code >= 500) return 'backoff';
  return 'never';
}
