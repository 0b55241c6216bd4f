import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, type Person } from '../../support/harness.ts';
import { member } from '../polls/support.ts';
import { chases, DAY, dm, dueInDays, jobsAt, makeAction, memberId, team } from './action-support.ts';

/**
 * The chairs' weekly digest of overdue actions: from Monday 09:00 in the community's zone, once per
 * chair and ISO week, whatever the number of ticks or instances; each chair hears of the actions they
 * recorded (or whose meeting they chair), and every chair of the community of those nobody answers for.
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

/** 09:30 UTC (the community's zone) on the first Monday after `after`. */
function mondayAfter(after: Date, hour = 9.5): Date {
  const day = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate()));
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() !== 1);
  return new Date(day.getTime() + hour * 3600_000);
}

async function runDigest(jobs: ReturnType<typeof jobsAt>) {
  const before = h.adapter.sent.length;
  const count = await jobs.digest.run();
  await h.app.outbox.drain();
  return { count, sent: h.adapter.sent.slice(before) };
}

describe('weekly digest', () => {
  it('GIVEN overdue actions THEN each chair gets one digest a week from Monday 09:00, listing what they answer for', async () => {
    const olga = await member(h, 'olga', { name: 'Olga' });
    await h.prisma.membership.updateMany({ where: { memberId: await memberId(h, olga) }, data: { role: 'chair' } });
    const recorded = await makeAction(h, [ali], { text: 'Renew the database licence', dueAt: dueInDays(5) });
    const orphan = await makeAction(h, [sara], { text: 'Update the reading list', dueAt: dueInDays(5), by: null });
    await makeAction(h, [ali], { text: 'Not due for months', dueAt: dueInDays(90) });

    const monday = mondayAfter(dueInDays(5));
    const clock = { now: new Date(monday.getTime() - 3600_000) };
    const jobs = jobsAt(h, clock);
    // Monday 08:30: not yet.
    expect((await runDigest(jobs)).count).toBe(0);

    clock.now = monday;
    const first = await runDigest(jobs);
    expect(first.count).toBe(2);
    const toChair = first.sent.filter((m) => m.chatId === dm(chair));
    const toOlga = first.sent.filter((m) => m.chatId === dm(olga));
    expect(toChair).toHaveLength(1);
    expect(toOlga).toHaveLength(1);
    const days = Math.round((monday.getTime() - 9.5 * 3600_000 - (dueInDays(5).getTime() - DAY)) / DAY);
    expect(toChair[0]!.text).toMatch(/Overdue action items this week \(2\)/);
    expect(toChair[0]!.text).toContain(`#${recorded} Renew the database licence`);
    expect(toChair[0]!.text).toContain(`overdue by ${days} days`);
    expect(toChair[0]!.text).toContain('Owners: Ali (not answered yet)');
    expect(toChair[0]!.text).toContain(`#${orphan} Update the reading list`);
    expect(toChair[0]!.text).not.toContain('Not due for months');
    // Olga recorded nothing: she hears only of the action nobody answers for.
    expect(toOlga[0]!.text).toMatch(/\(1\)/);
    expect(toOlga[0]!.text).toContain('Update the reading list');

    // Later the same week, and two instances at once: nothing more.
    clock.now = new Date(monday.getTime() + 2 * DAY);
    const other = jobsAt(h, clock);
    const counts = await Promise.all([jobs.digest.run(), other.digest.run()]);
    expect(counts).toEqual([0, 0]);
    expect(await h.prisma.actionDigest.count()).toBe(2);

    // Sara is done with hers; next Monday the chair hears of Ali's alone, and Olga of nothing.
    await sara.presses(chases(h, sara, orphan)[0], '✅ Done');
    clock.now = new Date(monday.getTime() + 7 * DAY);
    const second = await runDigest(jobs);
    expect(second.sent.map((m) => m.chatId)).toEqual([dm(chair)]);
    expect(second.sent[0]!.text).toMatch(/\(1\)/);
    expect(second.sent[0]!.text).toContain(`overdue by ${days + 7} days`);
    expect(second.sent[0]!.text).not.toContain('Update the reading list');
    await Promise.all([jobs.stop(), other.stop()]);
  });

  it('GIVEN two instances at Monday 09:00 THEN the chair gets the digest once', async () => {
    await makeAction(h, [ali], { dueAt: dueInDays(2) });
    const clock = { now: mondayAfter(dueInDays(2), 9) };
    const [one, two] = [jobsAt(h, clock), jobsAt(h, clock)];
    const before = h.adapter.sent.length;
    const counts = await Promise.all([one.digest.run(), two.digest.run()]);
    await h.app.outbox.drain();
    expect(counts.sort()).toEqual([0, 1]);
    expect(h.adapter.sent.slice(before).map((m) => m.chatId)).toEqual([dm(chair)]);
    const digest = await h.prisma.actionDigest.findFirstOrThrow();
    expect(digest.outboxId).not.toBeNull();
    expect(digest.week).toMatch(/^\d{4}-W\d{2}$/);
    await Promise.all([one.stop(), two.stop()]);
  });
});
