import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { toSendResult } from '../../../src/adapters/telegram/api-errors.ts';

const apiError = (code: number, description: string, parameters?: object) =>
  new TelegramError({ error_code: code, description, ...(parameters ? { parameters } : {}) });

describe('Bot API errors → what the outbox does', () => {
  it('GIVEN 429 THEN retry after retry_after; 5xx and network errors THEN retry with backoff', () => {
    expect(toSendResult(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 7000,
    });
    expect(toSendResult(apiError(502, 'Bad Gateway'))).toEqual({ ok: false, kind: 'retry', error: '502: Bad Gateway' });
    const network = Object.assign(new Error('request to http://x/bot1:[REDACTED]/sendMessage failed'), {
      name: 'FetchError',
    });
    expect(toSendResult(network)).toMatchObject({ kind: 'retry' });
    expect(toSendResult(network)).not.toHaveProperty('retryAfterMs');
  });

  it('GIVEN a blocked bot, a kicked bot or a missing chat THEN permanent (the chat is unreachable)', () => {
    for (const error of [
      apiError(403, 'Forbidden: bot was blocked by the user'),
      apiError(403, 'Forbidden: bot was kicked from the supergroup chat'),
      apiError(400, 'Bad Request: chat not found'),
      apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001 }),
    ]) {
      expect(toSendResult(error).kind, error.description).toBe('permanent');
    }
  });

  it('GIVEN any other 400 THEN this message is rejected, the chat stays reachable', () => {
    expect(toSendResult(apiError(400, "Bad Request: can't parse entities")).kind).toBe('rejected');
    expect(toSendResult(apiError(400, 'Bad Request: message to edit not found')).kind).toBe('rejected');
  });
});
