import { describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { isInteractionGone, toSendResult } from '../../../src/adapters/discord/api-errors.ts';
import { loadConfig } from '../../../src/config.ts';

function apiError(status: number, code: number, message: string): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/1/messages', {});
}

describe('Discord errors as send results', () => {
  it.each([
    [403, 50007, 'Cannot send messages to this user', 'permanent'],
    [404, 10003, 'Unknown Channel', 'permanent'],
    [403, 50001, 'Missing Access', 'permanent'],
    [403, 50013, 'Missing Permissions', 'permanent'],
    [400, 50035, 'Invalid Form Body', 'rejected'],
    [404, 10008, 'Unknown Message', 'rejected'],
    [429, 0, 'You are being rate limited.', 'retry'],
    [401, 0, '401: Unauthorized', 'retry'],
  ])('GIVEN %i with code %i THEN the outbox gets %s', (status, code, message, kind) => {
    expect(toSendResult(apiError(status, code, message))).toMatchObject({ ok: false, kind });
  });

  it('GIVEN a 5xx or a network error THEN it is retried with backoff', () => {
    const serverError = new HTTPError(502, 'Bad Gateway', 'POST', '/channels/1/messages', {});
    expect(toSendResult(serverError)).toMatchObject({ kind: 'retry' });
    expect(toSendResult(new TypeError('fetch failed'))).toMatchObject({
      kind: 'retry',
      error: 'TypeError: fetch failed',
    });
  });

  it('GIVEN an expired or answered interaction THEN it counts as gone (answer in the channel), other errors not', () => {
    expect(isInteractionGone(apiError(404, 10062, 'Unknown interaction'))).toBe(true);
    expect(isInteractionGone(apiError(400, 40060, 'Interaction has already been acknowledged.'))).toBe(true);
    expect(isInteractionGone(apiError(403, 50007, 'Cannot send messages to this user'))).toBe(false);
  });
});

describe('DISCORD_* configuration', () => {
  const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GhIjKl.fake-discord-token_for-the-loopback-fake0';

  it('GIVEN a token, an application id and a server THEN they are read, with the public API by default', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '',
    });
    expect(config).toMatchObject({
      DISCORD_TOKEN: token,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API: 'https://discord.com/api',
    });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('GIVEN a token without an application id, and a bad server id THEN both are named, and the token is not shown', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: token, DISCORD_GUILD_ID: 'general' })).toThrow(
      /DISCORD_GUILD_ID: must be a server's id[\s\S]*DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set/,
    );
    try {
      loadConfig({ DISCORD_TOKEN: 'not a token' });
    } catch (error) {
      expect(String(error)).toContain('DISCORD_TOKEN');
      expect(String(error)).not.toContain('not a token');
    }
  });
});
