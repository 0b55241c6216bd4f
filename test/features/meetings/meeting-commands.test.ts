import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, OTHER_GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import { calendarOf, meetingCommunity } from './meeting-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const community = () => meetingCommunity(h);

/** The same time tomorrow in UTC (the community's zone), as `YYYY-MM-DD HH:MM`. */
function tomorrowAt(hour: number): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.toISOString().slice(0, 10)} ${String(hour).padStart(2, '0')}:00`;
}

async function counts() {
  return {
    meetings: await h.prisma.meeting.count(),
    occurrences: await h.prisma.meetingOccurrence.count(),
    reminders: await h.prisma.reminder.count(),
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('/meeting in one line', () => {
  it('GIVEN a chair WHEN /meeting WHEN | Title | link --weekly THEN the meeting, its occurrences and reminders are stored and the confirmation names /ics ID', async () => {
    const { chair } = await community();
    const replies = texts(
      await chair.says(
        `/meeting ${tomorrowAt(10)}-11:30 | Orientation | https://skyroom.online/ch/x | Welcome --weekly`,
        GROUP,
      ),
    );
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(replies).toContain(`Meeting #${meeting.id} is scheduled: “Orientation”`);
    expect(replies).toContain(`/ics ${meeting.id}`);
    expect(replies).toContain('Repeats: every week');
    expect(replies).toContain('Length: 90 minutes');
    expect(meeting.rrule).toBe('FREQ=WEEKLY');
    expect(meeting.audience).toBe('chat');
    expect(await h.prisma.meetingOccurrence.count()).toBe(9); // weekly within 60 days
    // Three offsets for each occurrence (the first one's 1-day reminder is already past, or not).
    expect(await h.prisma.reminder.count()).toBeGreaterThanOrEqual(26);
  });

  const bad: Array<[string, (when: string) => string, RegExp]> = [
    ['a date in the past', () => '/meeting 2020-01-01 10:00 | Old | https://x.org', /already past/],
    ['an impossible date', () => '/meeting 2023-02-30 10:00 | Nope | https://x.org', /does not exist/],
    ['an end before the start', (w) => `/meeting ${w}-09:00 | Backwards | https://x.org`, /end is before the start/],
    ['an ftp link', (w) => `/meeting ${w} | Title | ftp://files.example.org/x`, /is not a web link/],
    [
      'an unparseable recurrence',
      (w) => `/meeting ${w} | Title | https://x.org --rrule "FREQ=SOMETIMES"`,
      /could not read the recurrence/,
    ],
    [
      'a recurrence with a bad interval',
      (w) => `/meeting ${w} | Title | https://x.org --rrule FREQ=WEEKLY;INTERVAL=abc`,
      /could not read the recurrence/,
    ],
    [
      'an hourly recurrence',
      (w) => `/meeting ${w} | Title | https://x.org --rrule FREQ=HOURLY`,
      /more often than daily/,
    ],
    ['no time of day', () => '/meeting 2099-01-01 | Title | https://x.org', /has no time of day/],
    ['missing parts', () => '/meeting tomorrow 10:00', /Write it as \/meeting WHEN/],
  ];
  for (const [what, line, expected] of bad) {
    it(`GIVEN ${what} THEN a clear reply and nothing is created`, async () => {
      const { chair } = await community();
      const reply = texts(await chair.says(line(tomorrowAt(10)), GROUP));
      expect(reply).toMatch(expected);
      expect(await counts()).toEqual({ meetings: 0, occurrences: 0, reminders: 0 });
    });
  }

  it('GIVEN a member who is not a chair WHEN /meeting THEN it is refused and nothing is created', async () => {
    const { sara } = await community();
    const reply = texts(await sara.says(`/meeting ${tomorrowAt(10)} | Mine | https://x.org`, GROUP));
    expect(reply).toContain('/meeting is only for: chair.');
    expect(await counts()).toEqual({ meetings: 0, occurrences: 0, reminders: 0 });
  });

  it('GIVEN Persian input from a Persian chair in Tehran THEN the Jalali date and Persian digits are read', async () => {
    const { chair } = await community();
    await chair.says('/setup tz Asia/Tehran', GROUP);
    await chair.says('/lang fa', GROUP);
    const reply = texts(
      await chair.says('/meeting ۱۴۹۰/۰۳/۲۳ ۱۰ الی ۱۱ | جلسهٔ توجیهی | https://www.skyroom.online/ch/x', GROUP),
    );
    expect(reply).toContain('جلسهٔ توجیهی');
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(meeting.timeZone).toBe('Asia/Tehran');
    expect(meeting.durationMinutes).toBe(60);
    // 23 Khordad 1490 = 13 June 2111, 10:00 in Tehran (+03:30) = 06:30 UTC.
    expect(meeting.startsAt.toISOString()).toBe('2111-06-13T06:30:00.000Z');
  });
});

describe('/meetings and RSVP', () => {
  it('GIVEN a meeting WHEN a member answers with the buttons THEN the chair sees the counts and names, the member their answer', async () => {
    const { chair, sara } = await community();
    await chair.says(`/meeting ${tomorrowAt(10)} | Board | https://x.org/board`, GROUP);
    const [list] = await sara.says('/meetings', GROUP);
    expect(list!.text).toContain('1. #');
    expect(list!.buttons?.flat().map((b) => b.label)).toEqual(['1: ✓ yes', '1: ✗ no', '1: ? maybe']);
    for (const b of list!.buttons!.flat()) {
      expect(Buffer.byteLength(`${b.action}|${b.data}`)).toBeLessThanOrEqual(64);
    }
    expect(texts(await sara.presses(list, '1: ✓ yes', GROUP))).toContain('Sara will come to “Board”');
    expect(texts(await sara.says('/meetings', GROUP))).toContain('Your answer: yes');
    const chairView = texts(await chair.says('/meetings', GROUP));
    expect(chairView).toContain('Answers: ✓ 1 · ✗ 0 · ? 0');
    expect(chairView).toContain('yes: Sara');
  });

  it('GIVEN a forged or stale RSVP button THEN it is refused and nothing is stored', async () => {
    const { chair, sara } = await community();
    await chair.says(`/meeting ${tomorrowAt(10)} | Board | https://x.org/board`, GROUP);
    const occurrence = await h.prisma.meetingOccurrence.findFirstOrThrow();
    // Another community's group: the occurrence is not its community's.
    const other = h.person('other', { admin: true });
    await other.says('/setup new Elsewhere', OTHER_GROUP);
    const press = (data: string) => h.deliver(other.event({ type: 'action', action: 'rsvp.yes', data }, OTHER_GROUP));
    expect(texts(await press(String(occurrence.id)))).toContain('no longer valid');
    expect(texts(await press('abc'))).toContain('no longer valid');
    expect(texts(await press('999999'))).toContain('no longer valid');
    expect(await h.prisma.rsvp.count()).toBe(0);
    // The group's own member may answer it.
    const [list] = await sara.says('/meetings', GROUP);
    expect(texts(await sara.presses(list, 0, GROUP))).toContain('Sara will come');
  });
});

describe('/ics', () => {
  it('GIVEN a weekly meeting WHEN /ics ID THEN a calendar file with UID, zone, RRULE, URL and DESCRIPTION arrives', async () => {
    const { chair } = await community();
    await chair.says('/setup tz Europe/Berlin', GROUP);
    await chair.says('/tz Europe/Berlin', GROUP);
    await chair.says('/meeting 2099-03-20 10:00 90m | Weekly sync | https://x.org/sync | Minutes --weekly', GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    const { event, mimeType } = calendarOf(await chair.says(`/ics ${meeting.id}`, GROUP));
    expect(mimeType).toBe('text/calendar');
    expect(event.uid).toMatch(new RegExp(`^meeting-${meeting.id}\\.[0-9a-f-]{36}@hamkar$`));
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(event.startDate.toJSDate().toISOString()).toBe('2099-03-20T09:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2099-03-20T10:30:00.000Z');
    expect(event.description).toContain('Minutes');
    expect(event.component.getFirstPropertyValue('url')).toBe('https://x.org/sync');
    expect(String(event.component.getFirstPropertyValue('rrule'))).toBe('FREQ=WEEKLY');
  });

  it('GIVEN an id of another community or nonsense THEN a clear reply', async () => {
    const { sara } = await community();
    expect(texts(await sara.says('/ics 4242', GROUP))).toContain('There is no meeting #4242');
    expect(texts(await sara.says('/ics soon', GROUP))).toContain('Write it as /ics ID');
  });
});

describe('/cancel', () => {
  it('GIVEN /cancel with nothing after it THEN it still ends a flow, or says there is none', async () => {
    const { chair, sara } = await community();
    expect(texts(await sara.says('/cancel'))).toBe('There is nothing to cancel.');
    await chair.says('/meeting', GROUP);
    expect(texts(await chair.says('/cancel', GROUP))).toBe('Stopped. Nothing was saved.');
  });

  it('GIVEN a member THEN /cancel ID is refused and the meeting stays', async () => {
    const { chair, sara } = await community();
    await chair.says(`/meeting ${tomorrowAt(10)} | Board | https://x.org/board`, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(texts(await sara.says(`/cancel ${meeting.id}`, GROUP))).toContain('/cancel is only for: chair.');
    expect((await h.prisma.meeting.findFirstOrThrow()).cancelledAt).toBeNull();
  });

  it('GIVEN a weekly meeting WHEN the chair cancels one occurrence with the buttons THEN the chat is told once and that occurrence gets no reminders', async () => {
    const { chair } = await community();
    await chair.says(`/meeting ${tomorrowAt(10)} | Board | https://x.org/board --weekly`, GROUP);
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    const [choose] = await chair.says(`/cancel ${meeting.id}`, GROUP);
    expect(choose!.text).toContain('repeats. Cancel which one?');
    const labels = choose!.buttons!.flat().map((b) => b.label);
    expect(labels).toHaveLength(4);
    expect(labels.at(-1)).toBe('The whole series');
    const done = texts(await chair.presses(choose, 0, GROUP));
    expect(done).toContain('is cancelled. 1 chat or member is told.');
    const first = await h.prisma.meetingOccurrence.findFirstOrThrow({ orderBy: { startsAt: 'asc' } });
    expect(first.cancelledAt).not.toBeNull();
    expect(
      await h.prisma.reminder.count({ where: { occurrenceId: first.id, status: 'planned', kind: 'reminder' } }),
    ).toBe(0);
    await until(() => h.adapter.sent.some((m) => m.text.includes('Cancelled: “Board”')), 'the cancellation notice');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.adapter.sent.filter((m) => m.text.includes('Cancelled: “Board”'))).toHaveLength(1);
    // Pressing again: the occurrence is already cancelled.
    expect(texts(await chair.presses(choose, 0, GROUP))).toContain('is cancelled');
  });
});

describe('guided /meeting', () => {
  it('GIVEN /meeting alone THEN it asks step by step, a wrong date is asked again, and the meeting is created at the end', async () => {
    const { chair } = await community();
    await chair.says('/committee add Board', GROUP);
    expect(texts(await chair.says('/meeting', GROUP))).toContain('When is the meeting?');
    expect(texts(await chair.says('2023-02-30 10:00', GROUP))).toContain('does not exist');
    expect(texts(await chair.says(`${tomorrowAt(10)}-11:00`, GROUP))).toContain("meeting's title");
    expect(texts(await chair.says('Planning', GROUP))).toContain('Where is it?');
    expect(texts(await chair.says('ftp://nope', GROUP))).toContain('is not a web link');
    const [agenda] = await chair.says('meet.example.org/plan', GROUP);
    const [recurrence] = await chair.presses(agenda, 'Skip', GROUP);
    const [audience] = await chair.presses(recurrence, 'Every 2 weeks', GROUP);
    expect(audience!.buttons!.flat().map((b) => b.label)).toEqual(['This chat', 'The whole community', 'Board']);
    const [confirm] = await chair.presses(audience, 'Board', GROUP);
    expect(confirm!.text).toContain('“Planning”');
    expect(confirm!.text).toContain('privately to the members of Board');
    const done = texts(await chair.presses(confirm, 'Schedule', GROUP));
    expect(done).toContain('is scheduled: “Planning”');
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(meeting).toMatchObject({
      rrule: 'FREQ=WEEKLY;INTERVAL=2',
      audience: 'committee',
      link: 'https://meet.example.org/plan',
    });
    expect(await h.prisma.conversation.count()).toBe(0);
  });
});

describe('committee meetings and the committee changing', () => {
  it('GIVEN a committee meeting planned WHEN a member joins the committee later THEN they get its reminders; WHEN one leaves THEN theirs are gone', async () => {
    const { chair, sara } = await community();
    await chair.says('/committee add Board');
    await sara.says('/join Board');
    await chair.says(`/meeting ${tomorrowAt(10)} | Board meeting | https://x.org/b --committee Board`, GROUP);
    const pendingFor = (chatId: string) =>
      h.prisma.reminder.count({ where: { targetChatId: chatId, kind: 'reminder', status: 'planned' } });
    expect(await pendingFor('dm-sara')).toBeGreaterThan(0);

    const ivan = h.person('ivan', { name: 'Ivan' });
    await ivan.says('/start', GROUP);
    await ivan.says('/start');
    expect(await pendingFor('dm-ivan')).toBe(0);
    expect(texts(await ivan.says('/join Board'))).toContain('Board');
    expect(await pendingFor('dm-ivan')).toBe(await pendingFor('dm-sara'));

    await sara.says('/leave Board');
    expect(await pendingFor('dm-sara')).toBe(0);
    expect(await pendingFor('dm-ivan')).toBeGreaterThan(0);
  });

  it('GIVEN a committee meeting THEN a member outside the committee can neither fetch its .ics nor answer it, as /meetings hides it; its members can', async () => {
    const { chair, sara } = await community();
    await chair.says('/committee add Board');
    await sara.says('/join Board');
    await chair.says(
      `/meeting ${tomorrowAt(10)} | Secret board | https://x.org/secret | Budget --committee Board`,
      GROUP,
    );
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    const occurrence = await h.prisma.meetingOccurrence.findFirstOrThrow();
    const ivan = h.person('ivan', { name: 'Ivan' });
    await ivan.says('/start', GROUP);
    await ivan.says('/start');

    expect(texts(await ivan.says('/meetings', GROUP))).not.toContain('Secret board');
    const ics = await ivan.says(`/ics ${meeting.id}`, GROUP);
    expect(ics.some((m) => m.file)).toBe(false);
    expect(texts(ics)).toContain(`There is no meeting #${meeting.id}`);
    for (const chat of [GROUP, privateChat('ivan')]) {
      const press = await h.deliver(
        ivan.event({ type: 'action', action: 'rsvp.yes', data: String(occurrence.id) }, chat),
      );
      expect(texts(press)).toContain('no longer valid');
      expect(texts(press)).not.toContain('Secret board');
    }
    expect(await h.prisma.rsvp.count()).toBe(0);

    expect((await sara.says(`/ics ${meeting.id}`, GROUP)).some((m) => m.file)).toBe(true);
    expect((await chair.says(`/ics ${meeting.id}`, GROUP)).some((m) => m.file)).toBe(true);
    const [list] = await sara.says('/meetings', GROUP);
    expect(texts(await sara.presses(list!, 0, GROUP))).toContain('Sara will come to “Secret board”');
  });
});
