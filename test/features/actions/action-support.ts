import { silentLogger } from '../../../src/logger.ts';
import { createActionJobs } from '../../../src/features/actions/action-jobs.ts';
import type { NewActionInput } from '../../../src/features/actions/action-service.ts';
import type { Harness, Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { communityId, memberId } from '../rounds/round-answer-support.ts';

export { communityId, memberId };

export const DAY = 24 * 3600_000;

/** A community (zone UTC) whose chair has a private chat, and two members, Sara and Ali, with theirs. */
export async function team(h: Harness): Promise<{ chair: Person; sara: Person; ali: Person }> {
  const { chair } = await communityWithChair(h);
  const sara = await member(h, 'sara', { name: 'Sara' });
  const ali = await member(h, 'ali', { name: 'Ali' });
  return { chair, sara, ali };
}

/** An action made as `/action` in the minutes makes it: by the chair, for these owners. */
export async function makeAction(
  h: Harness,
  owners: Person[],
  options: Partial<Pick<NewActionInput, 'text' | 'dueAt' | 'meetingId'>> & { by?: Person | null } = {},
): Promise<number> {
  const by = options.by === undefined ? h.person('chair') : options.by;
  const { id } = await h.app.services.actions.create({
    communityId: await communityId(h),
    meetingId: options.meetingId ?? null,
    entryId: null,
    text: options.text ?? 'Send the budget to the dean',
    dueAt: options.dueAt === undefined ? null : options.dueAt,
    ownerIds: await Promise.all(owners.map((o) => memberId(h, o))),
    createdById: by ? await memberId(h, by) : null,
  });
  // The `assigned` messages go out at once, through the app's own chaser, woken by the planning.
  await waitFor(
    async () =>
      (await h.prisma.actionReminder.count({ where: { actionId: id, stage: 'assigned', status: 'planned' } })) === 0,
  );
  await h.app.outbox.drain();
  return id;
}

/** The end of the day `days` from today (UTC, the community's zone): what `--due` of a date gives. */
export function dueInDays(days: number, from = new Date()): Date {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(start + (days + 1) * DAY);
}

/** Jobs on a clock of the test's choosing (another instance, as it were); the app's own run beside them. */
export function jobsAt(h: Harness, clock: { now: Date }) {
  return createActionJobs(
    {
      db: h.prisma,
      services: h.app.services,
      translator: h.app.translator,
      outbox: h.app.outbox,
      logger: silentLogger(),
    },
    () => clock.now,
  );
}

/** One chaser tick, and what it made the outbox send. */
export async function tick(h: Harness, jobs: ReturnType<typeof jobsAt>): Promise<SentMessage[]> {
  const before = h.adapter.sent.length;
  await jobs.chaser.tick();
  await h.app.outbox.drain();
  return h.adapter.sent.slice(before);
}

/**
 * Until `check` holds, for at most 20 s: a deadline, not a number of tries (200 tries of 25 ms gave up
 * after some 9 s on a loaded machine, while the work was still on its way).
 */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function dm(person: Person): string {
  return `dm-${person.userId}`;
}

/** The messages a person got privately. */
export function inbox(h: Harness, person: Person): SentMessage[] {
  return h.adapter.sent.filter((m) => m.chatId === dm(person));
}

/** The private messages about an action that carry its owner buttons. */
export function chases(h: Harness, person: Person, actionId: number): SentMessage[] {
  return inbox(h, person).filter((m) =>
    m.buttons?.flat().some((b) => b.action === 'actions.done' && b.data === String(actionId)),
  );
}

/** The planned chasing row of one stage of one owner. */
export async function row(h: Harness, actionId: number, stage: string, person: Person) {
  return h.prisma.actionReminder.findUniqueOrThrow({
    where: { actionId_stage_memberId: { actionId, stage, memberId: await memberId(h, person) } },
  });
}
