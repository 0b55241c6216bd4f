import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, type Person } from '../../support/harness.ts';
import { chases, DAY, dm, dueInDays, jobsAt, makeAction, memberId, row, team, tick } from './action-support.ts';

/**
 * Chasing an action's owners: the private message with its buttons once per owner, the reminders three
 * days before and on the due day only to owners not done, then one overdue reminder a week, planned one
 * at a time; none lost or doubled across a restart or two instances ticking at once.
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

describe('the first message', () => {
  it('GIVEN an action with two owners THEN each gets one private message with Accept, Done and Can’t do', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    for (const owner of [sara, ali]) {
      const got = chases(h, owner, id);
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toContain('Send the budget to the dean');
      expect(got[0]!.text).toMatch(/Due: \d+ \w+ \d{4}/);
      expect(got[0]!.buttons!.flat().map((b) => b.label)).toEqual(['👍 Accept', '✅ Done', "✋ Can't do"]);
    }
    expect(chases(h, chair, id)).toEqual([]);
    // Another instance's tick, on the same clock, finds nothing more to send.
    const jobs = jobsAt(h, { now: new Date() });
    expect(await tick(h, jobs)).toEqual([]);
    await jobs.stop();
    // Due-3 and due planned for each owner, at 09:00 (UTC, the community's zone).
    const stages = await h.prisma.actionReminder.findMany({
      where: { actionId: id },
      orderBy: [{ memberId: 'asc' }, { dueAt: 'asc' }],
    });
    expect(stages.map((s) => s.stage)).toEqual(['assigned', 'due-3', 'due', 'assigned', 'due-3', 'due']);
    const due = stages.find((s) => s.stage === 'due')!;
    expect(due.dueAt.toISOString()).toBe(new Date(dueInDays(10).getTime() - DAY + 9 * 3600_000).toISOString());
  });

  it('GIVEN an action without a due date THEN only the first message is planned', async () => {
    const id = await makeAction(h, [sara]);
    expect(chases(h, sara, id)[0]!.text).not.toMatch(/Due:/);
    expect(await h.prisma.actionReminder.findMany({ where: { actionId: id }, select: { stage: true } })).toEqual([
      { stage: 'assigned' },
    ]);
  });
});

describe('reminders', () => {
  it('GIVEN Sara pressed Done and Ali nothing WHEN the due day comes THEN only Ali is reminded, once', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    const done = await sara.presses(chases(h, sara, id)[0], '✅ Done');
    expect(done.find((m) => m.chatId === dm(sara))!.text).toMatch(/Marked done: action item #\d+/);
    const due = await row(h, id, 'due', ali);
    const clock = { now: new Date(due.dueAt.getTime() + 60_000) };
    const jobs = jobsAt(h, clock);
    const sent = await tick(h, jobs);
    // The due-3 reminder (late by a week here) and the due one: Ali gets the due day's; Sara nothing.
    expect(sent.map((m) => m.chatId)).toEqual([dm(ali)]);
    expect(sent[0]!.text).toMatch(/is due today/);
    expect(await tick(h, jobs)).toEqual([]);
    expect((await row(h, id, 'due', sara)).status).toBe('skipped');
    expect((await row(h, id, 'due-3', ali)).status).toBe('missed');
    await jobs.stop();
  });

  it('GIVEN an owner who never answers THEN an overdue reminder comes every 7 days, planned one at a time', async () => {
    const id = await makeAction(h, [ali], { dueAt: dueInDays(5) });
    const planned = () => h.prisma.actionReminder.findMany({ where: { actionId: id, status: 'planned' } });
    const clock = { now: new Date() };
    const jobs = jobsAt(h, clock);

    clock.now = new Date((await row(h, id, 'due-3', ali)).dueAt.getTime() + 1000);
    expect((await tick(h, jobs)).map((m) => m.text)).toEqual([expect.stringMatching(/due in 3 days/)]);
    clock.now = new Date((await row(h, id, 'due', ali)).dueAt.getTime() + 1000);
    expect(await tick(h, jobs)).toHaveLength(1);
    const dueAt = (await row(h, id, 'due', ali)).dueAt.getTime();
    for (const n of [1, 2, 3]) {
      const next = await planned();
      expect(next.map((r) => r.stage)).toEqual([`overdue-${n}`]);
      expect(next[0]!.dueAt.getTime()).toBe(dueAt + 7 * n * DAY);
      clock.now = new Date(next[0]!.dueAt.getTime() + 1000);
      const sent = await tick(h, jobs);
      expect(sent.map((m) => m.chatId)).toEqual([dm(ali)]);
      expect(sent[0]!.text).toContain(`overdue by ${7 * n} days`);
      expect(await tick(h, jobs)).toEqual([]);
    }
    // Done: the planned overdue reminder is skipped and none follows it.
    await ali.presses(chases(h, ali, id)[0], '✅ Done');
    clock.now = new Date((await planned())[0]!.dueAt.getTime() + 1000);
    expect(await tick(h, jobs)).toEqual([]);
    expect(await planned()).toEqual([]);
    await jobs.stop();
  });

  it('GIVEN the bot was off for three weeks past the due day THEN one overdue reminder follows, not three', async () => {
    const id = await makeAction(h, [ali], { dueAt: dueInDays(5) });
    const due = await row(h, id, 'due', ali);
    const clock = { now: new Date(due.dueAt.getTime() + 21 * DAY + 3600_000) };
    const jobs = jobsAt(h, clock);
    expect((await tick(h, jobs)).filter((m) => m.chatId === dm(ali))).toHaveLength(1);
    const next = await h.prisma.actionReminder.findMany({ where: { actionId: id, status: 'planned' } });
    expect(next.map((r) => [r.stage, r.dueAt.getTime()])).toEqual([['overdue-4', due.dueAt.getTime() + 28 * DAY]]);
    await jobs.stop();
  });
});

describe('exactly once', () => {
  it('GIVEN a restart between planning and the due day THEN nothing is lost and nothing is sent twice', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    await h.restart();
    // The new process's own chaser starts on the real clock: the first messages are not sent again.
    await h.app.outbox.drain();
    expect(h.adapter.sent).toEqual([]);
    const clock = { now: new Date() };
    const jobs = jobsAt(h, clock);
    for (const stage of ['due-3', 'due']) {
      clock.now = new Date((await row(h, id, stage, sara)).dueAt.getTime() + 1000);
      const sent = await tick(h, jobs);
      expect(sent.map((m) => m.chatId).sort()).toEqual([dm(ali), dm(sara)]);
      expect(await tick(h, jobs)).toEqual([]);
    }
    const rows = await h.prisma.actionReminder.findMany({ where: { actionId: id, status: 'sent' } });
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.outboxId)).size).toBe(6);
    await jobs.stop();
  });

  it('GIVEN two instances ticking at the same moment THEN each owner gets the due reminder once', async () => {
    const id = await makeAction(h, [sara, ali], { dueAt: dueInDays(10) });
    const clock = { now: new Date((await row(h, id, 'due', sara)).dueAt.getTime() + 1000) };
    const [one, two] = [jobsAt(h, clock), jobsAt(h, clock)];
    const before = h.adapter.sent.length;
    await Promise.all([one.chaser.tick(), two.chaser.tick()]);
    await h.app.outbox.drain();
    const due = h.adapter.sent.slice(before).filter((m) => /is due today/.test(m.text));
    expect(due.map((m) => m.chatId).sort()).toEqual([dm(ali), dm(sara)]);
    // Each owner's next overdue reminder exists once.
    expect(await h.prisma.actionReminder.count({ where: { actionId: id, stage: 'overdue-1' } })).toBe(2);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('GIVEN an owner without a private chat THEN the reminder is marked missed and the next one still planned', async () => {
    const id = await makeAction(h, [sara], { dueAt: dueInDays(10) });
    await h.prisma.identity.updateMany({
      where: { memberId: await memberId(h, sara) },
      data: { privateChatId: null },
    });
    const clock = { now: new Date((await row(h, id, 'due', sara)).dueAt.getTime() + 1000) };
    const jobs = jobsAt(h, clock);
    expect(await tick(h, jobs)).toEqual([]);
    expect((await row(h, id, 'due', sara)).status).toBe('missed');
    expect((await row(h, id, 'overdue-1', sara)).status).toBe('planned');
    await jobs.stop();
  });
});
