import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('the configuration of operations and several instances', () => {
  it('GIVEN nothing set (or empty values, as copied from .env.example) THEN the defaults apply', () => {
    for (const env of [{}, { HTTP_SERVER: '', HTTP_HOST: '', OUTBOX_LEASE_SECONDS: '', LEADER_RETRY_SECONDS: '' }]) {
      const config = loadConfig(env);
      expect(config.HTTP_SERVER).toBe('on');
      expect(config.HTTP_HOST).toBe('127.0.0.1');
      expect(config.OUTBOX_LEASE_SECONDS).toBe(60);
      expect(config.LEADER_RETRY_SECONDS).toBe(5);
      expect(config.TELEGRAM_MAX_PER_SECOND).toBe(29);
    }
  });

  it('GIVEN bad values THEN one error names each variable and what it expects', () => {
    let message = '';
    try {
      loadConfig({ HTTP_SERVER: 'yes', HTTP_HOST: 'a host', OUTBOX_LEASE_SECONDS: '1', TELEGRAM_MAX_PER_SECOND: '0' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('HTTP_SERVER: must be on or off');
    expect(message).toContain('HTTP_HOST: must be an address to listen on');
    expect(message).toContain('OUTBOX_LEASE_SECONDS: must be a whole number from 3 to 3600');
    expect(message).toContain('TELEGRAM_MAX_PER_SECOND: must be a whole number from 1 to 1000');
  });
});
