import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../src/i18n/date-format.ts';
import { silentLogger } from '../../../src/logger.ts';
import { WebServer } from '../../../src/web/web-server.ts';
import { plainRoute } from '../../../src/ops/plain-route.ts';
import { FeedEndpoint } from '../../../src/features/feeds/feed-endpoint.ts';
import { FeedRepository } from '../../../src/features/feeds/feed-repository.ts';
import { GROUP, Harness, OTHER_GROUP, texts } from '../../support/harness.ts';
import { calendarOf, meetingCommunity } from '../meetings/meeting-support.ts';
import { dayAhead, feedServer, feedUrlIn, parseFeed, schedule, subscribe } from './feed-support.ts';

let h: Harness;
let server: Awaited<ReturnType<typeof feedServer>>;
beforeEach(async () => {
  h = await Harness.create();
  server = await feedServer(h);
});
afterEach(async () => {
  await server.stop();
  await h.close();
});

const ALL = 'All meetings I may see';

/** The network in Tehran, with the Jalali calendar; the chair types Gregorian dates. */
async function tehranCommunity() {
  const people = await meetingCommunity(h);
  await h.prisma.community.updateMany({ data: { timeZone: 'Asia/Tehran', calendar: 'persian' } });
  await people.chair.says('/calendar gregorian');
  return people;
}

/** The same feed read by another instance's endpoint, with its own clock. */
function endpointAt(now: Date) {
  return new FeedEndpoint(new FeedRepository(h.prisma), h.app.translator, { now: () => now });
}

describe('GIVEN a member subscribed to the calendar feed (issue 18)', () => {
  it('THEN a meeting at 10:00 Asia/Tehran reads as 10:00 in that zone, with the UID of /ics, SEQUENCE, LAST-MODIFIED, URL, the agenda and a Jalali date line', async () => {
    const { chair, sara } = await tehranCommunity();
    const meeting = await schedule(
      h,
      chair,
      `${dayAhead(20)} 10:00 | Board | https://meet.example.org/board | Budget; reports, and plans`,
    );
    const url = await subscribe(sara, ALL);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{32}"$/);
    const text = await response.text();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);

    const event = parseFeed(text).byTitle('Board');
    expect(event.startDate.zone?.tzid).toBe('Asia/Tehran');
    expect([event.startDate.hour, event.startDate.minute]).toEqual([10, 0]);
    expect(event.startDate.toJSDate().getTime()).toBe(meeting.startsAt.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000);
    expect(event.uid).toBe(calendarOf(await sara.says(`/ics ${meeting.id}`, GROUP)).event.uid);
    expect(event.sequence).toBe(0);
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.component.getFirstPropertyValue('url')).toBe('https://meet.example.org/board');
    const lastModified = event.component.getFirstPropertyValue('last-modified') as unknown as { toJSDate(): Date };
    expect(lastModified.toJSDate().getTime()).toBe(Math.floor(meeting.updatedAt.getTime() / 1000) * 1000);
    expect(event.description).toContain('Budget; reports, and plans');
    const jalali = formatDateTime(meeting.startsAt, { language: 'en', calendar: 'persian', timeZone: 'Asia/Tehran' });
    expect(event.description).toContain(`Solar Hijri date: ${jalali}`);
    expect(jalali).toMatch(/ 14\d\d, 10:00 /);
  });

  it('THEN an edit raises SEQUENCE under the same UID and changes the ETag; the unchanged feed answers 304 to If-None-Match and If-Modified-Since, and HEAD has no body', async () => {
    const { chair, sara } = await tehranCommunity();
    const meeting = await schedule(h, chair, `${dayAhead(20)} 10:00 | Board | Room 2`);
    const url = await subscribe(sara, ALL);

    const first = await fetch(url);
    const body = await first.text();
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    const before = parseFeed(body).byTitle('Board');

    const unchanged = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect((await fetch(url, { headers: { 'if-modified-since': modified } })).status).toBe(304);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(head.headers.get('etag')).toBe(etag);

    await chair.says(`/meeting edit ${meeting.id} | Board (moved) | Room 5`, GROUP);
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const after = parseFeed(await changed.text()).byTitle('Board (moved)');
    expect(after.uid).toBe(before.uid);
    expect(before.sequence).toBe(0);
    expect(after.sequence).toBe(1);
    expect(after.location).toBe('Room 5');
    const stored = await h.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    expect(new Date(changed.headers.get('last-modified')!).getTime()).toBe(
      Math.floor(stored.updatedAt.getTime() / 1000) * 1000,
    );
  });

  it('THEN a cancelled meeting stays, STATUS:CANCELLED with a higher SEQUENCE, for 30 days, and is gone after', async () => {
    const { chair, sara } = await tehranCommunity();
    const meeting = await schedule(h, chair, `${dayAhead(5)} 10:00 | Reading club`);
    await schedule(h, chair, `${dayAhead(6)} 10:00 | Board`);
    const url = await subscribe(sara, ALL);

    expect(texts(await chair.says(`/cancel ${meeting.id}`, GROUP))).toContain('Reading club');
    const feed = parseFeed(await (await fetch(url)).text());
    const cancelled = feed.byTitle('Reading club');
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(1);
    expect(feed.byTitle('Board').component.getFirstPropertyValue('status')).toBe('CONFIRMED');

    const path = new URL(url).pathname;
    const in29Days = await endpointAt(new Date(Date.now() + 29 * 86_400_000)).handle({
      method: 'GET',
      path,
      headers: {},
    });
    expect(parseFeed(in29Days.body).titles).toEqual(['Board', 'Reading club']);
    const in31Days = await endpointAt(new Date(Date.now() + 31 * 86_400_000)).handle({
      method: 'GET',
      path,
      headers: {},
    });
    expect(parseFeed(in31Days.body).titles).toEqual(['Board']);
    // The meeting leaving the feed changes its ETag: a calendar that asks gets the shorter feed.
    expect(in31Days.headers.etag).not.toBe(in29Days.headers.etag);
    const asked = { 'if-none-match': in29Days.headers.etag! };
    const later = await endpointAt(new Date(Date.now() + 31 * 86_400_000)).handle({
      method: 'GET',
      path,
      headers: asked,
    });
    expect(later.status).toBe(200);
  });

  it('THEN a cancelled occurrence of a weekly series is an EXDATE at its wall-clock time, and the series skips it', async () => {
    const { chair, sara } = await tehranCommunity();
    const series = await schedule(h, chair, `${dayAhead(3)} 10:00 | Weekly sync | Room 4 --weekly`);
    const url = await subscribe(sara, ALL);
    const before = (await fetch(url)).headers.get('etag')!;
    const [choose] = await chair.says(`/cancel ${series.id}`, GROUP);
    await chair.presses(choose, 1, GROUP);
    const cancelled = await h.prisma.meetingOccurrence.findFirstOrThrow({
      where: { meetingId: series.id, cancelledAt: { not: null } },
    });

    const response = await fetch(url, { headers: { 'if-none-match': before } });
    expect(response.status).toBe(200);
    const event = parseFeed(await response.text()).byTitle('Weekly sync');
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY');
    const exdates = event.component.getAllProperties('exdate').flatMap((p) => p.getValues()) as Array<{
      hour: number;
      zone?: { tzid: string };
      toJSDate(): Date;
    }>;
    expect(exdates.map((d) => d.toJSDate().getTime())).toEqual([cancelled.startsAt.getTime()]);
    expect([exdates[0]!.hour, exdates[0]!.zone?.tzid]).toEqual([10, 'Asia/Tehran']);
    const iterator = event.iterator();
    const starts = [1, 2, 3].map(() => iterator.next()!.toJSDate().getTime());
    const week = 7 * 86_400_000;
    expect(starts).toEqual([
      series.startsAt.getTime(),
      series.startsAt.getTime() + 2 * week,
      series.startsAt.getTime() + 3 * week,
    ]);
    expect(cancelled.startsAt.getTime()).toBe(series.startsAt.getTime() + week);
  });

  it('THEN a wrong secret, a reset one and a removed one all get the same 404 without any meeting data', async () => {
    const { chair, sara } = await tehranCommunity();
    await schedule(h, chair, `${dayAhead(5)} 10:00 | Secret board | https://meet.example.org/secret`);
    const url = await subscribe(sara, ALL);
    expect(await (await fetch(url)).text()).toContain('Secret board');

    const wrong = url.replace(/[A-Za-z0-9_-]{43}\.ics$/, `${'A'.repeat(43)}.ics`);
    const unknown = await fetch(wrong);
    const notFoundBody = await unknown.text();
    expect(unknown.status).toBe(404);
    expect(notFoundBody).toBe('not found');
    expect(unknown.headers.get('etag')).toBeNull();
    expect((await fetch(`${server.base}/feed/short.ics`)).status).toBe(404);

    const reset = await sara.says('/feed reset');
    expect(texts(reset)).toContain('Your previous feed address no longer works.');
    const renewed = feedUrlIn(reset);
    expect(renewed).not.toBe(url);
    const old = await fetch(url);
    expect(old.status).toBe(404);
    expect(await old.text()).toBe(notFoundBody);
    expect(await (await fetch(renewed)).text()).toContain('Secret board');

    expect(texts(await sara.says('/feed off'))).toContain('Your calendar feed is removed');
    const removed = await fetch(renewed);
    expect(removed.status).toBe(404);
    expect(await removed.text()).toBe(notFoundBody);
    expect(await h.prisma.feedSubscription.count()).toBe(0);
  });

  it('THEN the 61st request within a minute gets 429 with Retry-After, on every instance, and another feed is not held back', async () => {
    const { chair, sara } = await tehranCommunity();
    await schedule(h, chair, `${dayAhead(5)} 10:00 | Board`);
    const url = await subscribe(sara, ALL);
    const chairUrl = await subscribe(chair, ALL);
    // Two instances on one database, their clocks in the same minute: the count is the database's.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 15_000);
    const instances = [endpointAt(minute), endpointAt(new Date(minute.getTime() + 20_000))].map((endpoint) => {
      const instance = new WebServer({
        port: 0,
        host: '127.0.0.1',
        healthy: async () => true,
        metrics: async () => ({ contentType: 'text/plain', body: '' }),
        logger: silentLogger(),
      });
      instance.mountPrefix('/feed/', plainRoute(endpoint.handle, silentLogger()));
      return instance;
    });
    const ports = await Promise.all(instances.map((instance) => instance.start()));
    try {
      const at = (i: number, feed: string) => feed.replace(/:\d+\//, `:${ports[i % 2]}/`);
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await fetch(at(i, url))).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      for (const i of [0, 1]) {
        const limited = await fetch(at(i, url));
        expect(limited.status).toBe(429);
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(await limited.text()).not.toContain('Board');
      }
      expect((await fetch(at(0, chairUrl))).status).toBe(200);
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });

  it('THEN "only those I said yes to" lists the meetings answered yes, and leaves out the dates of a series answered no', async () => {
    const { chair, sara } = await tehranCommunity();
    const yes = await schedule(h, chair, `${dayAhead(5)} 10:00 | Said yes`);
    const no = await schedule(h, chair, `${dayAhead(6)} 10:00 | Said no`);
    await schedule(h, chair, `${dayAhead(7)} 10:00 | Not answered`);
    const series = await schedule(h, chair, `${dayAhead(8)} 10:00 | Weekly sync --weekly`);
    const saraId = (await h.prisma.identity.findFirstOrThrow({ where: { externalId: 'sara' } })).memberId;
    const answer = async (meetingId: number, nth: number, reply: 'yes' | 'no') => {
      const occurrences = await h.prisma.meetingOccurrence.findMany({
        where: { meetingId },
        orderBy: { startsAt: 'asc' },
      });
      await h.app.services.meetings.answer(occurrences[nth]!.id, saraId, reply, null);
      return occurrences[nth]!;
    };
    await answer(yes.id, 0, 'yes');
    await answer(no.id, 0, 'no');
    await answer(series.id, 0, 'yes');
    const skipped = await answer(series.id, 1, 'no');

    const url = await subscribe(sara, 'Only those I said yes to');
    const feed = parseFeed(await (await fetch(url)).text());
    expect(feed.titles).toEqual(['Said yes', 'Weekly sync']);
    const exdates = feed
      .byTitle('Weekly sync')
      .component.getAllProperties('exdate')
      .flatMap((p) => p.getValues()) as Array<{ toJSDate(): Date }>;
    expect(exdates.map((d) => d.toJSDate().getTime())).toEqual([skipped.startsAt.getTime()]);

    // A changed answer is a changed feed, though no meeting changed.
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await answer(yes.id, 0, 'no');
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(parseFeed(await changed.text()).titles).toEqual(['Weekly sync']);

    // The everything-I-may-see feed lists all four.
    const all = parseFeed(await (await fetch(await subscribe(sara, ALL))).text());
    expect(all.titles).toEqual(['Not answered', 'Said no', 'Said yes', 'Weekly sync']);
  });

  it("THEN a member of another community's feed lists none of this community's meetings", async () => {
    const { chair, sara } = await tehranCommunity();
    await schedule(h, chair, `${dayAhead(5)} 10:00 | Network board`);
    const founder = h.person('omid', { name: 'Omid', admin: true });
    await founder.says('/setup new Other network', OTHER_GROUP);
    await founder.says('/calendar gregorian');
    await founder.says(`/meeting ${dayAhead(5)} 12:00 | Other board`, OTHER_GROUP);
    const reza = h.person('reza', { name: 'Reza' });
    await reza.says('/start', OTHER_GROUP);
    await reza.says('/start');

    expect(parseFeed(await (await fetch(await subscribe(reza, ALL))).text()).titles).toEqual(['Other board']);
    expect(parseFeed(await (await fetch(await subscribe(sara, ALL))).text()).titles).toEqual(['Network board']);
  });

  it("THEN a committee's meetings are in the feed only of its members (following a join at once), and a committee's feed lists only its meetings", async () => {
    const { chair, sara } = await tehranCommunity();
    await chair.says('/committee add Docs', GROUP);
    await schedule(h, chair, `${dayAhead(5)} 10:00 | Docs meeting --committee Docs`);
    await schedule(h, chair, `${dayAhead(6)} 10:00 | General`);
    const url = await subscribe(sara, ALL);
    expect(parseFeed(await (await fetch(url)).text()).titles).toEqual(['General']);
    expect(texts(await sara.says('/feed committee Docs'))).toContain('only of a committee you are in');

    const etag = (await fetch(url)).headers.get('etag')!;
    await sara.says('/join Docs', GROUP);
    const joined = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(joined.status).toBe(200);
    expect(parseFeed(await joined.text()).titles).toEqual(['Docs meeting', 'General']);
    const committeeFeed = await subscribe(sara, 'Committee: Docs');
    expect(parseFeed(await (await fetch(committeeFeed)).text()).titles).toEqual(['Docs meeting']);
    // The chair sees every meeting, as in /meetings.
    expect(parseFeed(await (await fetch(await subscribe(chair, ALL))).text()).titles).toEqual([
      'Docs meeting',
      'General',
    ]);
  });
});
