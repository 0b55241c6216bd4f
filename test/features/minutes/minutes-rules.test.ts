import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';
import { silentLogger } from '../../../src/logger.ts';
import { ReminderDispatcher } from '../../../src/features/meetings/reminder-dispatcher.ts';
import { ReminderRepository } from '../../../src/features/meetings/reminder-repository.ts';
import {
  files,
  jalaliYearNow,
  minutesCommunity,
  startFirstOccurrenceAgo,
  weeklyMeetingUnderWay,
} from './minutes-support.ts';

/** The rules around the recording: owners by reply and by ambiguous name, numbers under load, closing by time, attendance by button, following meetings, forgetting. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

describe('owners of an action', () => {
  it('GIVEN two members called Maryam WHEN /action @Maryam THEN the chair is asked which, with a button each, and the one pressed owns it; a reply names the other owner', async () => {
    const { chair } = await minutesCommunity(h);
    for (const [id, name] of [
      ['maryam-a', 'Maryam Ahmadi'],
      ['maryam-k', 'Maryam Karimi'],
    ]) {
      await h.person(id!, { name: name! }).says('/start', GROUP);
    }
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    await chair.says(`/minutes ${meetingId}`, GROUP);

    const [question] = await chair.says('/action @Maryam Call the vendor --due 1405/12/20', GROUP);
    expect(question!.text).toContain('Which member is “Maryam”?');
    expect(
      question!
        .buttons!.flat()
        .map((b) => b.label)
        .sort(),
    ).toEqual(['Maryam Ahmadi', 'Maryam Karimi']);
    expect(await h.prisma.actionItem.count()).toBe(0);
    const done = texts(await chair.presses(question, 'Maryam Karimi', GROUP));
    expect(done).toMatch(/Action #\d+ recorded for Maryam Karimi, due 20 Esfand 1405/);

    // By reply: the author of the message the command answers owns it.
    const byReply = chair.event(
      { type: 'command', name: 'action', args: 'Book the hall', target: { userId: 'ali', displayName: 'Ali' } },
      GROUP,
    );
    expect(texts(await h.deliver(byReply))).toMatch(/Action #\d+ recorded for Ali\./);
    const owners = await h.prisma.actionOwner.findMany({
      include: { member: true, action: true },
      orderBy: { actionId: 'asc' },
    });
    expect(owners.map((o) => [o.action.text, o.member.displayName])).toEqual([
      ['Call the vendor', 'Maryam Karimi'],
      ['Book the hall', 'Ali'],
    ]);
  });

  it('GIVEN a name nobody has WHEN /action THEN it is refused and no entry stays', async () => {
    const { chair } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    await chair.says(`/minutes ${meetingId}`, GROUP);
    expect(texts(await chair.says('/action @Nobody Do it', GROUP))).toContain(
      'No member of this community is called “Nobody”',
    );
    expect(await h.prisma.minutesEntry.count()).toBe(0);
  });
});

describe('decision numbers', () => {
  it('GIVEN ten decisions recorded at once THEN they get 01 to 10, no gap and no number twice; a committee counts apart with its code', async () => {
    const { chair } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    const community = await h.prisma.community.findFirstOrThrow();
    const view = {
      id: community.id,
      name: community.name,
      language: 'en',
      timeZone: 'Asia/Tehran',
      calendar: 'persian',
    } as const;
    const chairRow = await h.prisma.member.findFirstOrThrow({ where: { displayName: 'Nasrin' } });
    const minutes = h.app.services.minutes;
    const recording = await minutes.opened(
      await minutes.locate(community.id, meetingId, { memberId: chairRow.id, chair: true }),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => minutes.record(view, recording, 'decision', `Decision ${i}`, chairRow.id)),
    );
    const year = jalaliYearNow();
    expect(results.map((r) => r.decisionNumber).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `GEN-${year}-${String(i + 1).padStart(2, '0')}`),
    );

    await chair.says('/committee add Documentation', GROUP);
    await h.prisma.committee.updateMany({ data: { code: 'DOC' } });
    const replies = await chair.says('/meeting tomorrow 12:00 | Docs | Room 3 --committee Documentation', GROUP);
    const docsId = Number(/#(\d+)/.exec(texts(replies))![1]);
    await startFirstOccurrenceAgo(h, docsId, 5 * 60_000);
    await chair.says(`/minutes ${docsId}`, GROUP);
    expect(texts(await chair.says('/decision Index the archive', GROUP))).toContain(
      `Decision DOC-${year}-01 recorded.`,
    );
  });
});

describe('closing by time', () => {
  it('GIVEN a meeting with --auto-close that ended half an hour ago THEN its minutes are posted once, however many instances run the job', async () => {
    const { chair } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair, ' --auto-close');
    expect((await h.prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).autoCloseMinutes).toBe(true);
    await chair.says('/note Everyone agreed', GROUP);
    await startFirstOccurrenceAgo(h, meetingId, 2 * 3600_000); // an hour meeting, over an hour ago
    const before = h.adapter.sent.length;
    const closed = await Promise.all([h.app.services.minutes.closeDue(), h.app.services.minutes.closeDue()]);
    expect(closed[0]! + closed[1]!).toBe(1);
    await h.app.outbox.drain();
    const posted = h.adapter.sent.slice(before);
    expect(posted.filter((m) => m.text.startsWith('Minutes: Budget review'))).toHaveLength(1);
    expect(files(posted).map((f) => f.name.split('.').pop())).toEqual(['md', 'html']);
  });
});

describe('attendance', () => {
  it('GIVEN the starting-now reminder WHEN Reza presses “I’m here” THEN he is present, and the absentees are the rest of the audience', async () => {
    const { chair, reza } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    const first = await h.prisma.meetingOccurrence.findFirstOrThrow({
      where: { meetingId },
      orderBy: { startsAt: 'asc' },
    });
    await h.prisma.reminder.updateMany({
      where: { occurrenceId: first.id, offsetMinutes: 0 },
      data: { dueAt: new Date(Date.now() - 1000), status: 'planned' },
    });
    const before = h.adapter.sent.length;
    await new ReminderDispatcher(
      new ReminderRepository(h.prisma),
      h.app.translator,
      h.app.outbox,
      silentLogger(),
    ).tick();
    await h.app.outbox.drain();
    const reminder = h.adapter.sent.slice(before).find((m) => m.text.includes('starts now') || m.text.includes('now'));
    expect(reminder?.buttons?.flat().map((b) => b.label)).toContain('🙋 I’m here');
    expect(texts(await reza.presses(reminder, '🙋 I’m here', GROUP))).toContain('Reza is present at “Budget review”.');

    await chair.says(`/minutes ${meetingId}`, GROUP);
    await chair.says(`/minutes ${meetingId} close`, GROUP);
    const body = (await h.prisma.minutes.findFirstOrThrow()).body!;
    expect(body).toMatch(/## Present \(1\)\n\nReza/);
    expect(body).toMatch(/## Absent \(3\)\n\n.*Ali.*Nasrin.*Sara/);
  });
});

describe('a meeting that follows another', () => {
  it('GIVEN /meeting --follows ID THEN its agenda in /meetings starts with the open actions of the one it follows', async () => {
    const { chair } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    await chair.says(`/minutes ${meetingId}`, GROUP);
    await chair.says('/action @Ali Write to the publisher', GROUP);
    await chair.says(`/minutes ${meetingId} close`, GROUP);
    await h.prisma.meeting.update({ where: { id: meetingId }, data: { cancelledAt: new Date() } });
    const replies = await chair.says(`/meeting tomorrow 16:00 | Follow-up | Room 4 --follows ${meetingId}`, GROUP);
    const followUp = Number(/#(\d+)/.exec(texts(replies))![1]);
    expect((await h.prisma.meeting.findUniqueOrThrow({ where: { id: followUp } })).followsId).toBe(meetingId);
    const list = texts(await chair.says('/meetings', GROUP));
    expect(list).toContain('Follow-up');
    expect(list).toContain('• Action: Write to the publisher — Ali');
  });
});

describe('/forgetme', () => {
  it('GIVEN minutes that name Ali WHEN Ali forgets himself THEN the minutes stay, with his name replaced', async () => {
    const { chair, ali } = await minutesCommunity(h);
    const meetingId = await weeklyMeetingUnderWay(h, chair);
    await ali.says('/here', GROUP);
    await chair.says(`/minutes ${meetingId}`, GROUP);
    await chair.says('/note Ali will call the printer', GROUP);
    await chair.says(`/minutes ${meetingId} close`, GROUP);
    expect((await h.prisma.minutes.findFirstOrThrow()).body).toContain('Ali');

    const [confirm] = await ali.says('/forgetme');
    await ali.presses(confirm, 0);
    const minutes = await h.prisma.minutes.findFirstOrThrow({ include: { entries: true } });
    expect(minutes.body).not.toMatch(/\bAli\b/);
    expect(minutes.body).toContain('(a former member) will call the printer');
    expect(minutes.entries.map((e) => e.text)).toEqual(['(a former member) will call the printer']);
  });
});
