import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import type { SendResult } from '../../core/adapter.ts';

type Failure = Exclude<SendResult, { ok: true }>;

/**
 * Errors that say the bot can never write to this chat: closed DMs (or no shared server), a deleted
 * channel, no access, no permission to send there. The outbox marks the chat unreachable, which chairs see.
 */
const CHAT_GONE = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownUser,
]);

/** Errors that end an interaction's token: its replies go to the channel instead. */
const INTERACTION_GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.UnknownWebhook,
]);

export function isInteractionGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && typeof error.code === 'number' && INTERACTION_GONE.has(error.code);
}

/**
 * What the outbox does after a failed REST call. discord.js waits out a 429 by itself (per route, as
 * Discord's headers say) and only then answers, so a 429 rarely reaches here; one that does (a global
 * limit longer than the request's timeout) is a retry. 5xx, timeouts and network errors are retried
 * with backoff; a chat the bot can never reach is permanent; any other refusal is this message's fault.
 */
export function toSendResult(error: unknown): Failure {
  if (error instanceof DiscordAPIError) {
    const text = `${error.status} ${String(error.code)}: ${error.message}`;
    if (error.status === 429 || error.status >= 500 || error.status === 401) {
      return { ok: false, kind: 'retry', error: text };
    }
    if (typeof error.code === 'number' && CHAT_GONE.has(error.code))
      return { ok: false, kind: 'permanent', error: text };
    return { ok: false, kind: 'rejected', error: text };
  }
  if (error instanceof HTTPError) return { ok: false, kind: 'retry', error: `${error.status}: ${error.name}` };
  // AbortError of a timed-out request, a refused connection, a reset socket.
  return {
    ok: false,
    kind: 'retry',
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}
