import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { eventText, writeFeed, zoneSpans, type FeedEvent } from '../../../src/features/feeds/feed-calendar.ts';
import { parseFeedText } from '../../../src/features/feeds/feed-commands.ts';
import { feedPath, hashFeedSecret, newFeedSecret, secretInPath } from '../../../src/features/feeds/feed-secret.ts';
import { foldLine, icsText } from '../../../src/features/feeds/ics-text.ts';
import { UserError } from '../../../src/core/errors.ts';

function event(overrides: Partial<FeedEvent> = {}): FeedEvent {
  const startsAt = new Date('2026-06-13T06:30:00Z');
  return {
    uid: 'meeting-1.x@hamkar',
    sequence: 2,
    title: 'Board',
    timeZone: 'Asia/Tehran',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3_600_000),
    rrule: null,
    excluded: [],
    link: null,
    place: null,
    description: '',
    cancelled: false,
    created: startsAt,
    lastModified: startsAt,
    ...overrides,
  };
}

/** A feed of these events, written as the endpoint writes one. */
function feedOf(name: string, events: FeedEvent[]): string {
  return writeFeed({ name, zones: zoneSpans(events), events: events.map(eventText) });
}

describe('RFC 5545 text of the feeds', () => {
  it('GIVEN a long Persian line THEN every folded line is at most 75 octets, no character is split, and unfolding gives it back', () => {
    const line = `SUMMARY:${icsText('جلسهٔ هماهنگی کمیتهٔ مستندسازی، گزارش‌های فصلی; و برنامهٔ سال ۱۴۰۵ 📅 '.repeat(3))}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('GIVEN a title, place and agenda with commas, semicolons, backslashes and line breaks THEN a parser reads them back exactly', () => {
    const title = 'Board; budget, plans \\ reports';
    const agenda = 'First line\nSecond, line; end\r\nThird';
    const text = feedOf('Network: meetings', [event({ title, place: 'Room 2, floor 3', description: agenda })]);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const parsed = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(parsed.summary).toBe(title);
    expect(parsed.location).toBe('Room 2, floor 3');
    expect(parsed.description).toBe('First line\nSecond, line; end\nThird');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Network: meetings');
    expect(calendar.getFirstPropertyValue('method')).toBeNull();
  });

  it('GIVEN the same meetings THEN the same text (the ETag is its hash): nothing in it depends on when it is written', async () => {
    const events = [
      event(),
      event({ uid: 'meeting-2.x@hamkar', rrule: 'FREQ=WEEKLY', excluded: [new Date('2026-06-20T06:30:00Z')] }),
    ];
    const first = feedOf('n', events);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(feedOf('n', events)).toBe(first);
    expect(first).toContain('EXDATE;TZID=Asia/Tehran:20260620T100000');
    expect(first).toContain('DTSTART;TZID=Asia/Tehran:20260613T100000');
  });
});

describe('feed secrets', () => {
  it('GIVEN a new secret THEN 32 random bytes in base64url, its path read back, and a SHA-256 hash that is not the secret', () => {
    const secret = newFeedSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newFeedSecret()).not.toBe(secret);
    expect(secretInPath(feedPath(secret))).toBe(secret);
    expect(secretInPath(`/feed/${secret}.ics/x`)).toBeNull();
    expect(secretInPath(`/feed/${secret}`)).toBeNull();
    expect(secretInPath('/feed/../metrics.ics')).toBeNull();
    expect(hashFeedSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('/feed text', () => {
  it('GIVEN the forms members type THEN the typed values; GIVEN anything else THEN the usage', () => {
    expect(parseFeedText('')).toEqual({});
    expect(parseFeedText('Mine')).toEqual({ feed: 'mine' });
    expect(parseFeedText('reset')).toEqual({ feed: 'reset' });
    expect(parseFeedText('committee')).toEqual({ feed: 'committee' });
    expect(parseFeedText('committee Conferences and meetings')).toEqual({
      feed: 'committee',
      committee: 'Conferences and meetings',
    });
    for (const text of ['weekly', 'off now', 'community please']) {
      expect(() => parseFeedText(text)).toThrow(UserError);
    }
  });
});

describe('PUBLIC_URL', () => {
  it('GIVEN none THEN http://127.0.0.1:PORT; GIVEN one THEN it without a trailing slash; GIVEN a bad one THEN it is named', () => {
    expect(loadConfig({}).PUBLIC_URL).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PORT: '9000', PUBLIC_URL: '' }).PUBLIC_URL).toBe('http://127.0.0.1:9000');
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.org/' }).PUBLIC_URL).toBe('https://bot.example.org');
    expect(loadConfig({ PUBLIC_URL: 'https://example.org/hamkar' }).PUBLIC_URL).toBe('https://example.org/hamkar');
    expect(() => loadConfig({ PUBLIC_URL: 'bot.example.org' })).toThrow(/PUBLIC_URL: must be the http\(s\):\/\//);
    expect(() => loadConfig({ PUBLIC_URL: 'https://bot.example.org/?x=1' })).toThrow(/PUBLIC_URL/);
  });
});
