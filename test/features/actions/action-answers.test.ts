import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import { member } from '../polls/support.ts';
import { bare } from '../rounds/round-answer-support.ts';
import {
  chases,
  communityId,
  DAY,
  dm,
  dueInDays,
  inbox,
  jobsAt,
  makeAction,
  memberId,
  row,
  team,
  tick,
} from './action-support.ts';

/**
 * What owners and chairs do with actions: Accept, Done and Can't do (with the reason as the next
 * message), refused to anyone but an owner; the chair told of each done and each "can't do"; `/actions`
 * and `/actions all [committee]`; dates in the reader's calendar.
 */

let h: Harness;
let chair: Person;
let sara: Person;
let ali: Person;
beforeEach(async () => {
  h = await Harness.create();
  ({ chair, sara, ali } = await team(h));
});
afterEach(async () => {
  await h.close();
});

async function owner(actionId: number, person: Person) {
  return h.prisma.actionOwner.findUniqueOrThrow({
    where: { actionId_memberId: { actionId, memberId: await memberId(h, person) } },
  });
}

async function meeting(title: string, committeeId: number | null = null): Promise<number> {
  const { id } = await h.prisma.meeting.create({
    data: {
      communityId: await communityId(h),
      chairId: await memberId(h, chair),
      title,
      timeZone: 'UTC',
      startsAt: new Date(Date.now() - 3600_000),
      durationMinutes: 60,
      audience: committeeId ? 'committee' : 'community',
      committeeId,
    },
  });
  return id;
}

describe('owners answer', () => {
  it('GIVEN Sara cannot do it WHEN she presses Can’t do and writes why THEN the chair is told the reason', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    const asked = await sara.presses(chases(h, sara, id)[0], "✋ Can't do");
    expect(texts(asked)).toMatch(/Why can't you do action item #\d+/);
    expect((await owner(id, sara)).state).toBe('pending');
    const before = inbox(h, chair).length;
    const noted = await sara.says('I am on leave until March');
    expect(texts(noted)).toMatch(/Noted: you can't do action item #\d+\. The chair has been told\./);
    const told = inbox(h, chair).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("Sara can't do action item");
    expect(told[0]!.text).toContain('Reason: I am on leave until March');
    expect(await owner(id, sara)).toMatchObject({ state: 'declined', reason: 'I am on leave until March' });
    // Her reminders stop; Ali's go on.
    const jobs = jobsAt(h, { now: new Date((await row(h, id, 'due', ali)).dueAt.getTime() + 1000) });
    expect((await tick(h, jobs)).map((m) => m.chatId)).toEqual([dm(ali)]);
    await jobs.stop();
  });

  it('GIVEN Ali is not an owner WHEN he presses Done on Sara’s message THEN he is refused and nothing changes', async () => {
    const id = await makeAction(h, [sara]);
    const before = inbox(h, chair).length;
    const refused = await ali.presses(chases(h, sara, id)[0], '✅ Done', privateChat(ali.userId));
    expect(texts(refused)).toMatch(/Only the owners of action item #\d+ can answer it/);
    const refusedToo = await ali.presses(chases(h, sara, id)[0], "✋ Can't do", privateChat(ali.userId));
    expect(texts(refusedToo)).toMatch(/Only the owners/);
    expect((await owner(id, sara)).state).toBe('pending');
    expect((await h.prisma.actionItem.findUniqueOrThrow({ where: { id } })).status).toBe('open');
    expect(inbox(h, chair).slice(before)).toEqual([]);
    expect(await h.prisma.conversation.count()).toBe(0);
  });

  it('GIVEN both owners press Done THEN the chair hears of each, the action is done, and a second press changes nothing', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    const before = inbox(h, chair).length;
    await sara.presses(chases(h, sara, id)[0], '✅ Done');
    expect((await h.prisma.actionItem.findUniqueOrThrow({ where: { id } })).status).toBe('open');
    const last = await ali.presses(chases(h, ali, id)[0], '✅ Done');
    expect(texts(last)).toContain('Every owner is done');
    const told = inbox(h, chair).slice(before);
    expect(told.map((m) => m.text)).toEqual([
      expect.stringMatching(/Sara marked action item #\d+ done[\s\S]*Still to do for: Ali\./),
      expect.stringMatching(/Ali marked action item #\d+ done[\s\S]*Every owner is done: the action item is closed\./),
    ]);
    const action = await h.prisma.actionItem.findUniqueOrThrow({ where: { id } });
    expect(action.status).toBe('done');
    expect(action.doneAt).not.toBeNull();
    expect(texts(await ali.presses(chases(h, ali, id)[0], '✅ Done'))).toMatch(/already marked/);
    expect(inbox(h, chair).slice(before)).toHaveLength(2);
    // Nothing more is sent about a done action.
    const jobs = jobsAt(h, { now: new Date(Date.now() + 30 * DAY) });
    expect(await tick(h, jobs)).toEqual([]);
    await jobs.stop();
  });

  it('GIVEN an action recorded by nobody left THEN its meeting’s chair is told', async () => {
    const meetingId = await meeting('Documentation committee');
    const id = await makeAction(h, [sara], { by: null, meetingId });
    expect(chases(h, sara, id)[0]!.text).toContain(`From meeting #${meetingId}: “Documentation committee”`);
    const before = inbox(h, chair).length;
    await sara.presses(chases(h, sara, id)[0], '✅ Done');
    expect(
      inbox(h, chair)
        .slice(before)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('Sara marked')]);
  });

  it('GIVEN an action a secretary recorded in a meeting THEN its Done goes to the meeting’s chair, not to the secretary', async () => {
    const meetingId = await meeting('Documentation committee');
    const id = await makeAction(h, [sara], { by: ali, meetingId });
    const [chairBefore, secretaryBefore] = [inbox(h, chair).length, inbox(h, ali).length];
    await sara.presses(chases(h, sara, id)[0], '✅ Done');
    expect(
      inbox(h, chair)
        .slice(chairBefore)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('Sara marked')]);
    expect(inbox(h, ali).slice(secretaryBefore)).toEqual([]);
  });

  it('GIVEN Sara accepts THEN her state is accepted and her list offers Done and Can’t do only', async () => {
    const id = await makeAction(h, [sara]);
    expect(texts(await sara.presses(chases(h, sara, id)[0], '👍 Accept'))).toMatch(/You accepted action item/);
    expect((await owner(id, sara)).state).toBe('accepted');
    const [list] = await sara.says('/actions');
    expect(list!.buttons!.flat().map((b) => b.label)).toEqual([`✅ Done #${id}`, `✋ Can't do #${id}`]);
  });
});

describe('/actions', () => {
  it('GIVEN open actions THEN an owner lists hers with buttons and can answer from the list', async () => {
    const first = await makeAction(h, [sara], { text: 'Draft the newsletter', dueAt: dueInDays(3) });
    const second = await makeAction(h, [sara, ali], { text: 'Book the hall', dueAt: dueInDays(10) });
    await makeAction(h, [ali], { text: 'Call the publisher' });
    const [list] = await sara.says('/actions');
    expect(list!.text).toMatch(/Your open action items \(2\)/);
    expect(list!.text.indexOf('Draft the newsletter')).toBeLessThan(list!.text.indexOf('Book the hall'));
    expect(list!.text).not.toContain('Call the publisher');
    expect(list!.buttons!.map((r) => r.map((b) => b.label))).toEqual([
      [`👍 Accept #${first}`, `✅ Done #${first}`, `✋ Can't do #${first}`],
      [`👍 Accept #${second}`, `✅ Done #${second}`, `✋ Can't do #${second}`],
    ]);
    await sara.presses(list, `✅ Done #${first}`);
    expect(texts(await sara.says('/actions'))).toMatch(/Your open action items \(1\)/);
    const carol = await member(h, 'carol', { name: 'Carol' });
    expect(texts(await carol.says('/actions'))).toBe('You have no open action items.');
  });

  it('GIVEN overdue and committee actions THEN /actions all lists every open one, overdue first, and only for chairs', async () => {
    await chair.says('/committee add Newsletter', GROUP);
    const committee = await h.prisma.committee.findFirstOrThrow({ where: { name: 'Newsletter' } });
    const newsletterMeeting = await meeting('Newsletter planning', committee.id);
    await makeAction(h, [sara], { text: 'Later one', dueAt: dueInDays(20) });
    await makeAction(h, [ali], { text: 'Newsletter one', dueAt: dueInDays(15), meetingId: newsletterMeeting });
    const overdue = await makeAction(h, [ali], { text: 'Late one', dueAt: dueInDays(5) });
    await h.prisma.actionItem.update({ where: { id: overdue }, data: { dueAt: dueInDays(-3) } });
    const all = texts(await chair.says('/actions all'));
    expect(all).toMatch(/Open action items \(3\), overdue first/);
    expect(all.indexOf('Late one')).toBeLessThan(all.indexOf('Newsletter one'));
    expect(all.indexOf('Newsletter one')).toBeLessThan(all.indexOf('Later one'));
    expect(all).toMatch(/overdue by 3 days/);
    expect(all).toContain('Owners: Ali (not answered yet)');
    const scoped = texts(await chair.says('/actions all Newsletter'));
    expect(scoped).toMatch(/Open action items from meetings of Newsletter \(1\)/);
    expect(scoped).toContain('Newsletter one');
    expect(scoped).not.toContain('Late one');
    expect(texts(await sara.says('/actions all'))).toMatch(/is only for/);
    expect(texts(await chair.says('/actions everything'))).toContain('/actions all [committee]');
  });

  it('GIVEN typed options (Discord) THEN the committee option alone means all of that committee’s', async () => {
    await chair.says('/committee add Newsletter', GROUP);
    await makeAction(h, [sara], { text: 'Outside any committee' });
    const reply = await h.deliver(
      chair.event({ type: 'command', name: 'actions', args: '', options: { committee: 'Newsletter' } }, GROUP),
    );
    expect(texts(reply)).toBe('No open action items from meetings of Newsletter.');
  });
});

describe('dates in the reader’s calendar', () => {
  it('GIVEN Sara reads the Persian calendar THEN her message shows the Jalali due date; Ali’s the Gregorian one', async () => {
    await sara.says('/calendar persian');
    const id = await makeAction(h, [sara, ali], { dueAt: new Date('2027-03-20T00:00:00Z') });
    expect(chases(h, sara, id)[0]!.text).toContain('Due: 28 Esfand 1405');
    expect(chases(h, ali, id)[0]!.text).toContain('Due: 19 March 2027');
  });

  it('GIVEN Sara reads Persian THEN her message is in Persian, with Persian digits', async () => {
    await sara.says('/lang fa');
    const id = await makeAction(h, [sara], { dueAt: new Date('2027-03-20T00:00:00Z') });
    const [message] = chases(h, sara, id);
    expect(message!.text).toContain('اقدام تازه‌ای به شما سپرده شد');
    expect(message!.text).toContain('۲۰۲۷');
    expect(message!.buttons!.flat().map((b) => bare(b.label))).toEqual(['👍 می‌پذیرم', '✅ انجام شد', '✋ نمی‌توانم']);
  });
});
