import { TelegramError } from 'telegraf';
import type { SendResult } from '../../core/adapter.ts';

type Failure = Exclude<SendResult, { ok: true }>;

/** Telegram's "nothing changed" answer to an edit: the message already shows that content. */
export function isNotModified(error: unknown): boolean {
  return error instanceof TelegramError && /message is not modified/i.test(error.description);
}

/** An edit of a message that has no text (a photo or document): its caption is what changes. */
export function isNoTextToEdit(error: unknown): boolean {
  return error instanceof TelegramError && /no text in the message/i.test(error.description);
}

/**
 * What the outbox does after a failed Bot API call: 429 waits `retry_after`; 5xx and network errors
 * retry with backoff; a blocked bot, a kicked bot, a deleted chat are permanent for that chat; any
 * other 4xx is this message's fault (its content, or an edit of a message that is gone).
 */
export function toSendResult(error: unknown): Failure {
  if (!(error instanceof TelegramError)) {
    // node-fetch's FetchError, an aborted (timed-out) request, a refused connection.
    return { ok: false, kind: 'retry', error: describe(error) };
  }
  const text = `${error.code}: ${error.description}`;
  if (error.code === 429) {
    const seconds = error.parameters?.retry_after ?? 1;
    return { ok: false, kind: 'retry', retryAfterMs: seconds * 1000, error: text };
  }
  if (error.code >= 500 || error.code === 401) return { ok: false, kind: 'retry', error: text };
  if (error.code === 403) return { ok: false, kind: 'permanent', error: text };
  const movedTo = error.parameters?.migrate_to_chat_id;
  if (movedTo !== undefined) {
    // A group upgraded to a supergroup has a new id; the old one never works again.
    return { ok: false, kind: 'permanent', error: `${text} (the group is now ${movedTo})` };
  }
  if (/chat not found|user not found|bot was kicked|chat was deleted|user is deactivated/i.test(error.description)) {
    return { ok: false, kind: 'permanent', error: text };
  }
  return { ok: false, kind: 'rejected', error: text };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
