import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';
import { calendarOf, meetingCommunity } from './meeting-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const community = () => meetingCommunity(h, { saraPrivateChat: false });

/** Tomorrow's date in UTC (the community's zone), `YYYY-MM-DD`. */
function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

describe('an in-person meeting (issue 15.6)', () => {
  it('GIVEN WHEN | Title | a place THEN it is scheduled, and the reply, /meetings and the .ics say where', async () => {
    const { chair, sara } = await community();
    const replies = texts(
      await chair.says(`/meeting ${tomorrow()} 10:00 | Reading club | Central Library, room 2`, GROUP),
    );
    expect(replies).toContain('is scheduled: “Reading club”');
    expect(replies).toContain('Place: Central Library, room 2');
    expect(replies).not.toContain('Link:');
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(meeting).toMatchObject({ link: null, place: 'Central Library, room 2' });

    expect(texts(await sara.says('/meetings', GROUP))).toContain('Place: Central Library, room 2');
    const { event } = calendarOf(await sara.says(`/ics ${meeting.id}`, GROUP));
    expect(event.location).toBe('Central Library, room 2');
  });

  it('GIVEN WHEN | Title alone THEN it is scheduled with neither a link nor a place', async () => {
    const { chair } = await community();
    const replies = texts(await chair.says(`/meeting ${tomorrow()} 10:00 | Board`, GROUP));
    expect(replies).toContain('is scheduled: “Board”');
    expect(await h.prisma.meeting.findFirstOrThrow()).toMatchObject({ link: null, place: null });
  });

  it('GIVEN /meeting edit with a place THEN the link gives way to it', async () => {
    const { chair } = await community();
    await chair.says(`/meeting ${tomorrow()} 10:00 | Board | https://x.org/board`, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(texts(await chair.says(`/meeting edit ${meeting.id} | | Room 4`, GROUP))).toContain('Place: Room 4');
    expect(await h.prisma.meeting.findFirstOrThrow()).toMatchObject({ link: null, place: 'Room 4' });
  });
});

describe('the guided /meeting: where', () => {
  it('GIVEN a place typed at the link step THEN it is the place; GIVEN Skip THEN neither', async () => {
    const { chair } = await community();
    await chair.says('/meeting', GROUP);
    await chair.says(`${tomorrow()} 10`, GROUP);
    await chair.says('Reading club', GROUP);
    const [agenda] = await chair.says('Central Library, room 2', GROUP);
    const [recurrence] = await chair.presses(agenda, 'Skip', GROUP);
    const [audience] = await chair.presses(recurrence, 'Once', GROUP);
    const [confirm] = await chair.presses(audience, 'This chat', GROUP);
    expect(confirm!.text).toContain('Place: Central Library, room 2');
    await chair.presses(confirm, 'Schedule', GROUP);
    expect(await h.prisma.meeting.findFirstOrThrow()).toMatchObject({ link: null, place: 'Central Library, room 2' });

    await chair.says('/meeting', GROUP);
    await chair.says(`${tomorrow()} 12`, GROUP);
    const [where] = await chair.says('Board', GROUP);
    expect(where!.text).toContain('Where is it?');
    const [agenda2] = await chair.presses(where, 'Skip', GROUP);
    const [recurrence2] = await chair.presses(agenda2, 'Skip', GROUP);
    const [audience2] = await chair.presses(recurrence2, 'Once', GROUP);
    const [confirm2] = await chair.presses(audience2, 'This chat', GROUP);
    await chair.presses(confirm2, 'Schedule', GROUP);
    expect(await h.prisma.meeting.findFirstOrThrow({ where: { title: 'Board' } })).toMatchObject({
      link: null,
      place: null,
    });
  });
});

describe('a bare hour and future examples (issue 15.7)', () => {
  it('GIVEN a Persian member WHEN /meeting with a Jalali date and a bare hour THEN it is scheduled at that hour', async () => {
    const { chair } = await community();
    await chair.says('/lang fa', GROUP);
    await chair.says('/calendar persian', GROUP);
    const usage = texts(await chair.says('/meeting x', GROUP));
    // The date as the reply shows it, within direction isolates (the parser drops them when pasted back).
    const date = /\/meeting \u2068?([۰-۹/]+)\u2069? ۱۴ \|/.exec(usage)?.[1];
    expect(date, usage).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
    await chair.says(`/meeting ${date} ۱۰ | جلسهٔ هیئت‌مدیره`, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(meeting.startsAt.getUTCHours()).toBe(10); // the community's zone is UTC
    expect(meeting.startsAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('GIVEN the usage text WHEN each example is sent as it is THEN each schedules a meeting in the future', async () => {
    const { chair } = await community();
    const usage = texts(await chair.says('/meeting x', GROUP));
    const examples = usage.split('\n').filter((l) => l.startsWith('/meeting '));
    expect(examples).toHaveLength(2);
    for (const example of examples) expect(texts(await chair.says(example, GROUP))).toContain('is scheduled');
    const meetings = await h.prisma.meeting.findMany();
    expect(meetings.map((m) => m.place)).toContain('Central Library, room 2');
    for (const m of meetings) expect(m.startsAt.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
  });
});

describe('calendar files over time (issue 15.8)', () => {
  it('GIVEN an edit THEN the same UID with a higher SEQUENCE; GIVEN the cancellation THEN /ics gives a cancellation', async () => {
    const { chair, sara } = await community();
    await chair.says(`/meeting ${tomorrow()} 10:00 | Board | https://x.org/board`, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    const installation = await h.prisma.installation.findUniqueOrThrow({ where: { id: 1 } });
    const first = calendarOf(await sara.says(`/ics ${meeting.id}`, GROUP));
    expect(first.event.uid).toBe(`meeting-${meeting.id}.${installation.uid}@hamkar`);
    expect(first.event.sequence).toBe(0);
    expect(first.text.endsWith('\r\n')).toBe(true);

    await chair.says(`/meeting edit ${meeting.id} ${tomorrow()} 11:00`, GROUP);
    const edited = calendarOf(await sara.says(`/ics ${meeting.id}`, GROUP));
    expect(edited.event.uid).toBe(first.event.uid);
    expect(edited.event.sequence).toBe(1);
    expect(edited.event.startDate.toJSDate().getUTCHours()).toBe(11);

    await chair.says(`/cancel ${meeting.id}`, GROUP);
    const replies = await sara.says(`/ics ${meeting.id}`, GROUP);
    expect(texts(replies)).toContain('is cancelled');
    const cancelled = calendarOf(replies);
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.event.uid).toBe(first.event.uid);
    expect(cancelled.event.sequence).toBe(2);
  });
});

describe('/meetings page by page (issue 15.9)', () => {
  it('GIVEN 15 upcoming meetings THEN every one is shown over the pages, each page with a More button but the last', async () => {
    const { chair, sara } = await community();
    for (let i = 1; i <= 15; i++) {
      const day = new Date(Date.now() + i * 86_400_000).toISOString().slice(0, 10);
      await chair.says(`/meeting ${day} 10:00 | Meeting ${i}`, GROUP);
    }
    const seen: string[] = [];
    let page = (await sara.says('/meetings', GROUP)).at(-1)!;
    for (;;) {
      seen.push(...[...page.text.matchAll(/“(Meeting \d+)”/g)].map((m) => m[1]!));
      const more = page.buttons?.flat().find((b) => b.label === 'More meetings');
      if (!more) break;
      expect(Buffer.byteLength(`${more.action}|${more.data}`)).toBeLessThanOrEqual(64);
      page = (await sara.presses(page, 'More meetings', GROUP)).at(-1)!;
    }
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => `Meeting ${i + 1}`));
  });
});
