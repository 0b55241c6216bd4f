import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, texts, type Person } from '../../support/harness.ts';
import { dm, dueInDays, jobsAt, makeAction, memberId, team, tick } from './action-support.ts';

/** `/mydata` shows one's actions (owned and recorded); `/forgetme` keeps the actions without the person. */

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

async function myData(person: Person) {
  const replies = await person.says('/mydata');
  const file = replies.find((m) => m.file)!.file!;
  return JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as Record<string, unknown>;
}

async function forget(person: Person): Promise<void> {
  const [confirm] = await person.says('/forgetme');
  await person.presses(confirm, 'Yes, delete');
}

describe('privacy', () => {
  it('GIVEN actions Sara owns and the chair recorded THEN /mydata lists them, with her answer and its reason', async () => {
    const id = await makeAction(h, [sara], { text: 'Scan the 1970s catalogue', dueAt: dueInDays(10) });
    await h.app.services.actions.decline(id, await memberId(h, sara), 'No scanner yet');
    const data = await myData(sara);
    expect(data.actionsOwned).toEqual([
      expect.objectContaining({
        state: 'declined',
        reason: 'No scanner yet',
        action: expect.objectContaining({ id, text: 'Scan the 1970s catalogue' }),
      }),
    ]);
    expect(data.actionReminders).toEqual(
      expect.arrayContaining([expect.objectContaining({ actionId: id, stage: 'assigned' })]),
    );
    const chairs = await myData(chair);
    expect(chairs.actionsCreated).toEqual([expect.objectContaining({ id, text: 'Scan the 1970s catalogue' })]);
  });

  it('GIVEN the only owner forgets herself THEN the action stays, reads "owner removed", and nobody is chased', async () => {
    const id = await makeAction(h, [sara], { text: 'Scan the 1970s catalogue', dueAt: dueInDays(10) });
    await makeAction(h, [ali], { text: 'Chase the binder', dueAt: dueInDays(10) });
    const due = await h.prisma.actionReminder.findFirstOrThrow({ where: { actionId: id, stage: 'due' } });
    // A digest she got as a chair names her by id only: it goes too.
    await h.prisma.actionDigest.create({
      data: {
        communityId: (await h.prisma.community.findFirstOrThrow()).id,
        memberId: await memberId(h, sara),
        week: '2026-W50',
      },
    });
    await forget(sara);
    expect(await h.prisma.actionItem.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'open' });
    expect(await h.prisma.actionOwner.count({ where: { actionId: id } })).toBe(0);
    expect(await h.prisma.actionReminder.count({ where: { actionId: id } })).toBe(0);
    expect(await h.prisma.actionDigest.count()).toBe(0);
    const all = texts(await chair.says('/actions all'));
    expect(all).toContain(`#${id} Scan the 1970s catalogue`);
    expect(all).toContain('Owners: owner removed');
    const jobs = jobsAt(h, { now: new Date(due.dueAt.getTime() + 1000) });
    expect((await tick(h, jobs)).map((m) => m.chatId)).toEqual([dm(ali)]);
    await jobs.stop();
  });

  it('GIVEN the chair who recorded an action forgets himself THEN the action and its owner stay', async () => {
    const id = await makeAction(h, [sara], { text: 'Scan the 1970s catalogue' });
    await forget(chair);
    expect(await h.prisma.actionItem.findUniqueOrThrow({ where: { id } })).toMatchObject({ createdById: null });
    expect(texts(await sara.says('/actions'))).toContain('Scan the 1970s catalogue');
  });
});
