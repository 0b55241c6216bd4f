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

  it('GIVEN an empty DATABASE_URL (as copied from .env.example) THEN it counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
