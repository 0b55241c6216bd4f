import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.ts';
import { createInterviewJobs } from '../../../src/features/interviews/interview-jobs.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { press, shown, theInterview } from './interview-support.ts';

/**
 * The reminder after three days of silence in a self-paced interview: once per silence, through the
 * same exactly-once handoff as round chases, and not at all when the veteran answered in between.
 */
let h: Harness;
let nasrin: Person;
let sara: Person;
beforeEach(async () => {
  h = await Harness.create();
  ({ chair: nasrin } = await communityWithChair(h));
  // No quiet hours and no holidays: a test run at night or on a holiday reads the same (quiet hours
  // have their own tests, with round chases, on the same clock).
  expect(texts(await nasrin.says('/holidays quiet off'))).not.toMatch(/error|wrong/i);
  await nasrin.says('/holidays country none');
  sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
  await nasrin.says('/interview veteran-career invite Sara Ahmadi', GROUP);
  await press(h, sara, 'Begin');
});
afterEach(async () => {
  await h.close();
});

const DAY = 24 * 3600_000;
const MINUTE = 60_000;

/** The reminder job on a clock of the test's choosing; the app's own runs on the real clock beside it. */
function remindersAt(clock: { now: Date }) {
  const jobs = createInterviewJobs(
    {
      db: h.prisma,
      services: h.app.services,
      translator: h.app.translator,
      outbox: h.app.outbox,
      logger: silentLogger(),
    },
    () => clock.now,
  );
  return { ...jobs, clock };
}

/** What the job hands over when its clock reads `at`. */
async function tickAt(jobs: ReturnType<typeof remindersAt>, at: Date): Promise<SentMessage[]> {
  const before = h.adapter.sent.length;
  jobs.clock.now = at;
  await jobs.reminder.tick();
  await h.app.outbox.drain();
  return h.adapter.sent.slice(before);
}

async function lastAnsweredAt(): Promise<Date> {
  return (await theInterview(h)).lastAnsweredAt;
}

describe('the silence reminder', () => {
  it('GIVEN three days of silence THEN the veteran is reminded once, privately, with a button to go on; a new silence gets its own', async () => {
    await sara.says('1986');
    const answeredAt = await lastAnsweredAt();
    const clock = { now: new Date(answeredAt.getTime() + 3 * DAY - MINUTE) };
    const jobs = remindersAt(clock);
    try {
      expect(await tickAt(jobs, clock.now)).toEqual([]);

      const sent = await tickAt(jobs, new Date(answeredAt.getTime() + 3 * DAY + MINUTE));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.chatId).toBe(privateChat(sara.userId).chatId);
      expect(sent[0]!.text).toMatch(
        /gentle reminder: your interview “A veteran librarian’s career” is waiting for you \(1 of 10 answered\)/,
      );
      // Once per silence: the same silence a day later is not reminded again.
      expect(await tickAt(jobs, new Date(answeredAt.getTime() + 4 * DAY))).toEqual([]);
      const rows = await h.prisma.interviewReminder.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.stage, r.status])).toEqual([
        ['silence-0', 'skipped'],
        ['silence-1', 'sent'],
      ]);
      expect(rows[1]!.outboxId).not.toBeNull();

      // The reminder's button goes on where she stopped; her next answer begins a new silence.
      const continued = texts(await sara.presses(sent[0], 'Continue'));
      expect(continued).toMatch(/Which library was your first/);
      await sara.says('Tabriz');
      const again = await lastAnsweredAt();
      expect(await tickAt(jobs, new Date(again.getTime() + 3 * DAY + MINUTE))).toHaveLength(1);
    } finally {
      await jobs.stop();
    }
  });

  it('GIVEN the veteran answered before the three days were over THEN that silence is not reminded', async () => {
    await sara.says('1986');
    // The first answer two days ago, as the database would have it.
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    const interview = await theInterview(h);
    await h.prisma.interview.update({ where: { id: interview.id }, data: { lastAnsweredAt: twoDaysAgo } });
    await h.prisma.interviewReminder.updateMany({
      where: { stage: 'silence-1' },
      data: { dueAt: new Date(twoDaysAgo.getTime() + 3 * DAY) },
    });
    // Today she answers the second question: that silence is over.
    await sara.says('Tabriz');
    const clock = { now: new Date(Date.now() + DAY + MINUTE) };
    const jobs = remindersAt(clock);
    try {
      expect(await tickAt(jobs, clock.now)).toEqual([]);
      const first = await h.prisma.interviewReminder.findFirstOrThrow({ where: { stage: 'silence-1' } });
      expect(first.status).toBe('skipped');
      expect(await h.prisma.interviewReminder.count({ where: { stage: 'silence-2', status: 'planned' } })).toBe(1);
    } finally {
      await jobs.stop();
    }
  });

  it('GIVEN a finished interview THEN no reminder is sent', async () => {
    await sara.says('1986');
    const answeredAt = await lastAnsweredAt();
    for (let i = 0; i < 9; i++) {
      const labels = shown(h, sara)
        .buttons!.flat()
        .map((b) => b.label);
      await press(h, sara, labels.includes('No') ? 'No' : 'Skip');
    }
    await press(h, sara, 'Keep private (archive only)');
    const jobs = remindersAt({ now: new Date() });
    try {
      expect(await tickAt(jobs, new Date(Date.now() + 3 * DAY + MINUTE))).toEqual([]);
      expect(await tickAt(jobs, new Date(answeredAt.getTime() + 10 * DAY))).toEqual([]);
      expect(await h.prisma.interviewReminder.count({ where: { status: 'sent' } })).toBe(0);
    } finally {
      await jobs.stop();
    }
  });
});
