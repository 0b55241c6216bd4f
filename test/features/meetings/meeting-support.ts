import ICAL from 'ical.js';
import { GROUP, texts, type Harness } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/**
 * A community whose group is GROUP, with a chair (Nasrin, the founder) and a member (Sara), who also
 * opened her private chat with the bot unless `saraPrivateChat` is false.
 */
export async function meetingCommunity(h: Harness, options: { saraPrivateChat?: boolean } = {}) {
  const chair = h.person('chair', { name: 'Nasrin', admin: true });
  await chair.says('/setup new Network', GROUP);
  await chair.says('/start');
  const sara = h.person('sara', { name: 'Sara' });
  await sara.says('/start', GROUP);
  if (options.saraPrivateChat !== false) await sara.says('/start');
  return { chair, sara };
}

/** The .ics of a /ics reply, checked by a real parser (ical.js) and returned with its raw text. */
export function calendarOf(replies: SentMessage[]) {
  const file = replies.find((m) => m.file)?.file;
  if (!file) throw new Error(`no file in: ${texts(replies)}`);
  const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { text, calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!), mimeType: file.mimeType };
}
