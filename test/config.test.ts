import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('GIVEN an empty environment THEN the defaults run the console on the embedded database', () => {
    const config = loadConfig({});
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('GIVEN bad variables THEN one error names each of them and what it expects, without their values', () => {
    const env = { DATABASE_URL: 'mysql://root:hunter2@db/x', LOG_LEVEL: 'loud' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/DATABASE_URL: must be a postgresql:\/\//);
      expect(message).toMatch(/LOG_LEVEL: .*"info"/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('GIVEN a flood limit or reminder tick out of range THEN the variable is named with its range', () => {
    expect(() => loadConfig({ FLOOD_LIMIT_PER_MINUTE: '0', REMINDER_TICK_SECONDS: 'soon' })).toThrow(
      /FLOOD_LIMIT_PER_MINUTE: must be a whole number from 1 to 10000[\s\S]*REMINDER_TICK_SECONDS: must be a whole number from 1 to 59/,
    );
    expect(loadConfig({ REMINDER_GRACE_HOURS: '12' }).REMINDER_GRACE_HOURS).toBe(12);
  });

  it('GIVEN TELEGRAM_LOCAL_FILES THEN off unless the operator says on, and nothing else is taken', () => {
    expect(loadConfig({}).TELEGRAM_LOCAL_FILES).toBe('off');
    expect(loadConfig({ TELEGRAM_LOCAL_FILES: '' }).TELEGRAM_LOCAL_FILES).toBe('off');
    expect(loadConfig({ TELEGRAM_LOCAL_FILES: 'on' }).TELEGRAM_LOCAL_FILES).toBe('on');
    expect(() => loadConfig({ TELEGRAM_LOCAL_FILES: 'yes' })).toThrow(/TELEGRAM_LOCAL_FILES: must be on or off/);
  });

  it('GIVEN an empty DATABASE_URL (as copied from .env.example) THEN it counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('GIVEN no Telegram variables THEN no token, the public Bot API and port 8080', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '', PORT: '' });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.PORT).toBe(8080);
  });

  it('GIVEN a token, a self-hosted Bot API and a webhook with its secret THEN they are read as given', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456789:AAHk3dummyTokenValue_abcdefghijklmnop',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: 'Abc_123-xyz',
      PORT: '3000',
    });
    expect(config).toMatchObject({ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081', PORT: 3000 });
  });

  it('GIVEN a webhook URL without a secret, a malformed token, a bad secret and a bad port THEN each variable is named, no value shown', () => {
    const message = (env: NodeJS.ProcessEnv): string => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const missing = message({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', PORT: 'eighty' });
    expect(missing).toMatch(/TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set/);
    expect(missing).toMatch(/PORT: must be a port number from 1 to 65535/);
    const bad = message({
      TELEGRAM_BOT_TOKEN: 'not-a-token-hunter2',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
      TELEGRAM_WEBHOOK_SECRET: 'has spaces hunter3',
      PORT: '70000',
    });
    expect(bad).toMatch(/TELEGRAM_BOT_TOKEN: must be the token @BotFather gave/);
    expect(bad).toMatch(/TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -/);
    expect(bad).toMatch(/PORT: must be a port number from 1 to 65535/);
    expect(bad).not.toMatch(/hunter/);
  });
});
