import ICAL from 'ical.js';
import { toLatinDigits } from '../../../src/i18n/digits.ts';
import { silentLogger } from '../../../src/logger.ts';
import { WebServer } from '../../../src/web/web-server.ts';
import { serveFeeds } from '../../../src/wiring/serve-feeds.ts';
import { GROUP, texts, type Harness, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/** The bot's HTTP server on a free port, serving the harness's feeds as main.ts does. */
export async function feedServer(h: Harness) {
  const server = new WebServer({
    port: 0,
    host: '127.0.0.1',
    healthy: async () => true,
    metrics: async () => ({ contentType: 'text/plain', body: '' }),
    logger: silentLogger(),
  });
  const port = await server.start();
  const base = `http://127.0.0.1:${port}`;
  serveFeeds(server, h.app.services.feeds, base, silentLogger());
  return { server, base, stop: () => server.stop() };
}

const FEED_URL = /http:\/\/127\.0\.0\.1:\d+\/feed\/[A-Za-z0-9_-]{43}\.ics/;

/** The feed address in a /feed reply. */
export function feedUrlIn(replies: SentMessage[]): string {
  const match = FEED_URL.exec(texts(replies));
  if (!match) throw new Error(`no feed address in: ${texts(replies)}`);
  return match[0];
}

/** `/feed` in the member's private chat, then the button with this label: the address it gives. */
export async function subscribe(person: Person, button: string): Promise<string> {
  const [choices] = await person.says('/feed');
  return feedUrlIn(await person.presses(choices, button));
}

/** A feed parsed by a real iCalendar parser, its zones registered, and its events by title. */
export function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  const byTitle = (title: string) => {
    const event = events.find((e) => e.summary === title);
    if (!event) throw new Error(`no event “${title}” among ${events.map((e) => e.summary).join(', ')}`);
    return event;
  };
  return { calendar, events, titles: events.map((e) => e.summary).sort(), byTitle };
}

/** A day `days` from now, `YYYY-MM-DD` (in UTC; the meetings are at 10:00, far from midnight in Tehran). */
export function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Schedules a meeting in the group and returns its row. */
export async function schedule(h: Harness, chair: Person, line: string) {
  const replies = texts(await chair.says(`/meeting ${line}`, GROUP));
  const id = /\/ics (\d+)/.exec(toLatinDigits(replies))?.[1];
  if (!id) throw new Error(`not scheduled: ${replies}`);
  return h.prisma.meeting.findUniqueOrThrow({ where: { id: Number(id) } });
}
