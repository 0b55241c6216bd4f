import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { meetingCommunity } from '../meetings/meeting-support.ts';
import { dayAhead, feedServer, schedule, subscribe } from './feed-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const ALL = 'All meetings I may see';
const toSara = (sent: SentMessage[]) => sent.filter((m) => m.chatId === privateChat('sara').chatId);

describe('/feed (issue 18)', () => {
  it('GIVEN feeds not served (HTTP_SERVER=off) THEN /feed says so and stores nothing; GIVEN a group THEN it is refused there', async () => {
    const { sara } = await meetingCommunity(h);
    expect(texts(await sara.says('/feed'))).toContain('Calendar feeds are not available');
    expect(texts(await sara.says('/feed mine'))).toContain('Calendar feeds are not available');
    expect(texts(await sara.says('/feed', GROUP))).toContain('works in a private chat');
    expect(await h.prisma.feedSubscription.count()).toBe(0);
  });

  it('GIVEN feeds served THEN the reply gives the address once, says apps refresh every few hours and changes are told in chat; only the hash is stored', async () => {
    const server = await feedServer(h);
    try {
      const { sara } = await meetingCommunity(h);
      const [choices] = await sara.says('/feed');
      expect(choices!.text).toContain('Which meetings should your calendar feed hold?');
      const labels = (choices!.buttons ?? []).flat().map((b) => b.label);
      expect(labels).toEqual([ALL, 'Only those I said yes to']);
      const reply = texts(await sara.presses(choices, ALL));
      expect(reply).toContain('every few hours');
      expect(reply).toContain('I also tell you here');
      const secret = /\/feed\/([A-Za-z0-9_-]{43})\.ics/.exec(reply)![1]!;
      const stored = await h.prisma.feedSubscription.findFirstOrThrow();
      expect(stored.scope).toBe('community');
      expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await h.prisma.feedSubscription.findMany())).not.toContain(secret);

      // A feed's button pressed in a group (forged: /feed sends none there) answers nothing secret there.
      const inGroup = await sara.presses(choices, ALL, GROUP);
      expect(texts(inGroup)).toContain('works in a private chat');
      expect(texts(inGroup)).not.toContain('/feed/');
      expect(await h.prisma.feedSubscription.findFirstOrThrow()).toEqual(stored);

      // /mydata tells which feed she has, never its address.
      const mydata = (await sara.says('/mydata')).find((m) => m.file)!.file!;
      const data = JSON.parse(Buffer.from(mydata.contentBase64, 'base64').toString('utf8')) as {
        feeds: Array<{ scope: string }>;
      };
      expect(data.feeds.map((f) => f.scope)).toEqual(['community']);
      expect(JSON.stringify(data)).not.toContain(secret);

      expect(texts(await sara.says('/feed'))).toContain('You already have a feed of every meeting of Network');
      expect(texts(await sara.says('/feed weekly'))).toContain('/feed committee NAME');
      expect(texts(await sara.says('/feed off'))).toContain('Your calendar feed is removed');
      expect(texts(await sara.says('/feed off'))).toContain('You have no calendar feed');
      expect(texts(await sara.says('/feed reset'))).toContain('You have no calendar feed');
    } finally {
      await server.stop();
    }
  });

  it('GIVEN a meeting in feeds THEN its edit and its cancellation are told privately to those whose feed lists it, not to the chair who made them, nor to members without a feed', async () => {
    const server = await feedServer(h);
    try {
      const { chair, sara } = await meetingCommunity(h);
      await chair.says('/calendar gregorian');
      const leila = h.person('leila', { name: 'Leila' });
      await leila.says('/start', GROUP);
      await leila.says('/start');
      const meeting = await schedule(h, chair, `${dayAhead(5)} 10:00 | Board | Room 2`);
      await subscribe(sara, ALL);
      await subscribe(chair, ALL);

      const edited = await chair.says(`/meeting edit ${meeting.id} | | Room 5`, GROUP);
      const notice = texts(toSara(edited));
      expect(notice).toContain('“Board” (meeting');
      expect(notice).toContain('has changed');
      expect(notice).toContain('Place: Room 5');
      expect(notice).toContain('every few hours');
      expect(edited.filter((m) => m.chatId === privateChat('leila').chatId)).toEqual([]);
      expect(edited.filter((m) => m.chatId === privateChat('chair').chatId)).toEqual([]);

      const cancelled = texts(toSara(await chair.says(`/cancel ${meeting.id}`, GROUP)));
      expect(cancelled).toContain('“Board” (meeting');
      expect(cancelled).toContain('is cancelled');
    } finally {
      await server.stop();
    }
  });

  it('GIVEN a committee meeting THEN a member outside it is not told of its change, and a member whose reminders tell of its cancellation is not told twice', async () => {
    const server = await feedServer(h);
    try {
      const { chair, sara } = await meetingCommunity(h);
      await chair.says('/calendar gregorian');
      await chair.says('/committee add Docs', GROUP);
      const meeting = await schedule(h, chair, `${dayAhead(5)} 10:00 | Docs meeting --committee Docs`);
      await subscribe(sara, ALL);

      expect(toSara(await chair.says(`/meeting edit ${meeting.id} | Docs review`, GROUP))).toEqual([]);

      await sara.says('/join Docs', GROUP);
      expect(texts(toSara(await chair.says(`/meeting edit ${meeting.id} | Docs plan`, GROUP)))).toContain(
        'has changed',
      );
      const cancelling = await chair.says(`/cancel ${meeting.id}`, GROUP);
      expect(texts(toSara(cancelling))).not.toContain('is cancelled');
      const saraId = (await h.prisma.identity.findFirstOrThrow({ where: { externalId: 'sara' } })).memberId;
      // Her notice is the reminders' (planned as a row the dispatcher hands over once), not the feed's.
      expect(await h.prisma.reminder.count({ where: { kind: 'cancelSeries', memberId: saraId } })).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
