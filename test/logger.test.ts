import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets, registerSecret } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, logger: createLogger({ destination, pretty: false }) };
}

describe('logging never shows a secret', () => {
  it('GIVEN an HTTP error whose URL holds a Telegram token THEN the log line has no token', () => {
    const { lines, logger } = capture();
    const token = '123456789:AAHk3dummyTokenValue_abcdefghijklmnop';
    const error = new Error(`request to https://api.telegram.org/bot${token}/getUpdates failed`);
    logger.error({ err: error, url: `https://api.telegram.org/bot${token}/sendMessage` }, 'telegram failed');
    const line = lines.join('');
    expect(line).toContain('telegram failed');
    expect(line).not.toContain(token);
    expect(line).toContain('/bot[redacted]');
  });

  it('GIVEN a registered secret, a database password and a field named token THEN none reaches the log', () => {
    registerSecret('webhook-secret-value-42');
    const { lines, logger } = capture();
    logger.warn(
      { token: 'abc', nested: { note: 'secret is webhook-secret-value-42' } },
      'postgresql://bot:p4ssw0rd@db:5432/hamkar unreachable',
    );
    const line = lines.join('');
    expect(line).not.toContain('webhook-secret-value-42');
    expect(line).not.toContain('p4ssw0rd');
    expect(line).not.toContain('"abc"');
    expect(line).toContain('postgresql://bot:[redacted]@db:5432/hamkar');
  });

  it('GIVEN a Discord bot token in a message THEN it is redacted', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456';
    expect(redactSecrets(`login failed for ${token}`)).toBe('login failed for [redacted]');
  });
});
