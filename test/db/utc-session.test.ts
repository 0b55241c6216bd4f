import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withUtcSession } from '../../src/db/utc-session.ts';

describe('withUtcSession', () => {
  it('GIVEN connection fields THEN TimeZone=UTC is added to the startup options', () => {
    expect(withUtcSession({ host: '/tmp/pg', database: 'bot' })).toEqual({
      host: '/tmp/pg',
      database: 'bot',
      options: '-c TimeZone=UTC',
    });
  });

  it('GIVEN options of the operator’s THEN they are kept and ours comes last, so it wins over a TimeZone there', () => {
    expect(withUtcSession({ host: 'db', options: '-c TimeZone=Asia/Tehran -c statement_timeout=5000' }).options).toBe(
      '-c TimeZone=Asia/Tehran -c statement_timeout=5000 -c TimeZone=UTC',
    );
  });

  it('GIVEN a URL with ?options= THEN they move out of the URL (pg lets the URL’s override ours) and are kept', () => {
    const result = withUtcSession<pg.ClientConfig>({
      connectionString: 'postgresql://bot:pw@db.example:5432/hamkar?options=-c%20search_path%3Dbot&sslmode=require',
    });
    expect(result.options).toBe('-c search_path=bot -c TimeZone=UTC');
    const url = new URL(result.connectionString!);
    expect(url.searchParams.get('options')).toBeNull();
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(url.password).toBe('pw');
  });

  it('GIVEN a URL without options THEN it is passed on unchanged', () => {
    const connectionString = 'postgresql://bot@127.0.0.1:5432/hamkar';
    expect(withUtcSession({ connectionString })).toEqual({ connectionString, options: '-c TimeZone=UTC' });
  });
});
