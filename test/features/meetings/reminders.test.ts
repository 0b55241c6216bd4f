import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { silentLogger } from '../../../src/logger.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { MeetingRepository } from '../../../src/features/meetings/meeting-repository.ts';
import { ReminderRepository } from '../../../src/features/meetings/reminder-repository.ts';
import { MeetingService } from '../../../src/features/meetings/meeting-service.ts';
import type { ChairContext } from '../../../src/features/meetings/meeting-types.ts';
import { CommitteeRepository } from '../../../src/features/community/committee-repository.ts';
import { ReminderDispatcher } from '../../../src/features/meetings/reminder-dispatcher.ts';
import { parseMeetingLine, type MeetingLine } from '../../../src/features/meetings/meeting-line-parser.ts';

/**
 * Meetings and their reminders over a real database with an injected clock: the service plans, the
 * dispatcher hands due reminders to the outbox table; the test moves time.
 */
let db: TestDatabase;
let now: Date;
let service: MeetingService;
let dispatcher: ReminderDispatcher;
let wakes = 0;

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2099-01-01T00:00:00Z');
  const clock = () => now;
  service = new MeetingService(
    new MeetingRepository(db.prisma),
    new ReminderRepository(db.prisma),
    new CommitteeRepository(db.prisma),
    { now: clock },
  );
  dispatcher = new ReminderDispatcher(
    new ReminderRepository(db.prisma),
    new Translator(),
    { wake: () => void wakes++ },
    silentLogger(),
    { now: clock, graceMs: 6 * 3600_000, lateAfterMs: 30_000 },
  );
});
afterEach(async () => {
  await db.drop();
});

interface Seed {
  communityId: number;
  chair: ChairContext;
  chairId: number;
  committee: string;
  members: Record<string, number>;
}

/**
 * A community in `zone` with one group, a chair (who has a private chat) and committee members
 * Sara (fa, Tehran, persian calendar) and Ivan (ru, Novokuznetsk), each with a private chat.
 */
async function seed(zone = 'UTC'): Promise<Seed> {
  const p = db.prisma;
  const community = await p.community.create({
    data: { name: 'Network', joinCode: 'ABCDEFGH', timeZone: zone, calendar: 'gregorian', language: 'en' },
  });
  await p.chat.create({ data: { platform: 'test', externalId: 'group-1', kind: 'group', communityId: community.id } });
  const member = async (
    name: string,
    settings: { language?: string; timeZone?: string; calendar?: string },
    role: 'chair' | 'member',
  ) => {
    const m = await p.member.create({
      data: {
        displayName: name,
        ...settings,
        identities: { create: { platform: 'test', externalId: name, displayName: name, privateChatId: `dm-${name}` } },
        memberships: { create: { communityId: community.id, role } },
      },
    });
    return m.id;
  };
  const chairId = await member('nasrin', {}, 'chair');
  const sara = await member('sara', { language: 'fa', timeZone: 'Asia/Tehran', calendar: 'persian' }, 'member');
  const ivan = await member('ivan', { language: 'ru', timeZone: 'Asia/Novokuznetsk' }, 'member');
  await p.committee.create({
    data: { communityId: community.id, name: 'Board', members: { create: [{ memberId: sara }, { memberId: ivan }] } },
  });
  return {
    communityId: community.id,
    chairId,
    committee: 'Board',
    members: { sara, ivan },
    chair: {
      communityId: community.id,
      memberId: chairId,
      chat: { platform: 'test', chatId: 'group-1', kind: 'group' },
      chatBound: true,
      reader: { language: 'en', calendar: 'gregorian', timeZone: zone },
    },
  };
}

function line(text: string): MeetingLine {
  const parsed = parseMeetingLine(text);
  if (!parsed.ok) throw new Error(`bad line: ${text}`);
  return parsed.value;
}

async function outbox() {
  return db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
}

function textOf(row: { payload: unknown }): string {
  return (row.payload as { text: string }).text;
}

describe('planning a series', () => {
  it('GIVEN a weekly meeting THEN its occurrences within 60 days (at most 10) are stored, each with a reminder per offset', async () => {
    const s = await seed();
    const { meeting, occurrences } = await service.schedule(
      line('2099-01-05 10:00 | Sync | https://x.org --weekly'),
      s.chair,
    );
    expect(occurrences).toBe(8);
    const stored = await db.prisma.meetingOccurrence.findMany({
      where: { meetingId: meeting.id },
      orderBy: { startsAt: 'asc' },
    });
    expect(stored.map((o) => o.startsAt.toISOString().slice(0, 10))).toEqual([
      '2099-01-05',
      '2099-01-12',
      '2099-01-19',
      '2099-01-26',
      '2099-02-02',
      '2099-02-09',
      '2099-02-16',
      '2099-02-23',
    ]);
    const reminders = await db.prisma.reminder.findMany({
      where: { occurrenceId: stored[0]!.id },
      orderBy: { dueAt: 'asc' },
    });
    expect(reminders.map((r) => [r.offsetMinutes, r.dueAt.toISOString(), r.targetChatId])).toEqual([
      [1440, '2099-01-04T10:00:00.000Z', 'group-1'],
      [60, '2099-01-05T09:00:00.000Z', 'group-1'],
      [0, '2099-01-05T10:00:00.000Z', 'group-1'],
    ]);
    expect(await db.prisma.reminder.count()).toBe(24);
  });

  it('GIVEN time passing WHEN the horizon job runs THEN the series is extended, nothing is doubled', async () => {
    const s = await seed();
    await service.schedule(line('2099-01-05 10:00 | Sync | https://x.org --weekly'), s.chair);
    expect(await service.extendSeries()).toBe(0);
    now = new Date('2099-01-20T00:00:00Z');
    expect(await service.extendSeries()).toBe(3);
    expect(await service.extendSeries()).toBe(0);
    expect(await db.prisma.meetingOccurrence.count()).toBe(11);
  });

  it('GIVEN a committee meeting THEN each member is reminded privately, in their language, calendar and zone, with the meeting zone beside', async () => {
    const s = await seed('Europe/Berlin');
    s.chair.reader.timeZone = 'Europe/Berlin';
    await service.setOffsets(s.communityId, '1h', s.chairId);
    await service.schedule(line('2099-06-10 10:00 | Board meeting | https://x.org/b --committee board'), s.chair);
    now = new Date('2099-06-10T07:00:00Z'); // the 1-hour reminder (10:00 Berlin = 08:00Z)
    await dispatcher.tick();
    const rows = await outbox();
    expect(rows.map((r) => r.chatId).sort()).toEqual(['dm-ivan', 'dm-sara']);
    const sara = textOf(rows.find((r) => r.chatId === 'dm-sara')!);
    expect(sara).toContain('یادآوری');
    expect(sara).toContain('۲۱ خرداد ۱۴۷۸'); // 10 June 2099 in the Solar Hijri calendar
    expect(sara).toContain('۱۱:۳۰'); // 08:00Z in Tehran
    expect(sara).toContain('Europe/Berlin');
    const ivan = textOf(rows.find((r) => r.chatId === 'dm-ivan')!);
    expect(ivan).toContain('начнётся через 1 час');
    expect(ivan).toContain('10 июня 2099 г. в 15:00 (Asia/Novokuznetsk, +07:00)');
    expect(ivan).toContain('10:00 (Europe/Berlin, +02:00)');
    const buttons = (rows[0]!.payload as { buttons: Array<Array<{ action: string; data: string }>> }).buttons.flat();
    expect(buttons.map((b) => b.action)).toEqual(['rsvp.yes', 'rsvp.no', 'rsvp.maybe']);
  });
});

describe('wall-clock time across zone changes', () => {
  it('GIVEN a weekly 10:00 meeting in Europe/Berlin across the March and October DST changes THEN it stays at 10:00 local', async () => {
    const s = await seed('Europe/Berlin');
    s.chair.reader.timeZone = 'Europe/Berlin';
    now = new Date('2099-03-01T00:00:00Z');
    await service.schedule(line('2099-03-18 10:00 | Sync | https://x.org --weekly'), s.chair);
    const starts = (await db.prisma.meetingOccurrence.findMany({ orderBy: { startsAt: 'asc' }, take: 3 })).map((o) =>
      o.startsAt.toISOString(),
    );
    // DST starts on 29 March 2099: +01:00 before, +02:00 after.
    expect(starts).toEqual(['2099-03-18T09:00:00.000Z', '2099-03-25T09:00:00.000Z', '2099-04-01T08:00:00.000Z']);
    now = new Date('2099-10-10T00:00:00Z');
    await service.extendSeries();
    const autumn = await db.prisma.meetingOccurrence.findMany({
      where: { startsAt: { gte: new Date('2099-10-20T00:00:00Z'), lt: new Date('2099-11-05T00:00:00Z') } },
      orderBy: { startsAt: 'asc' },
    });
    // DST ends on 25 October 2099.
    expect(autumn.map((o) => o.startsAt.toISOString())).toEqual([
      '2099-10-21T08:00:00.000Z',
      '2099-10-28T09:00:00.000Z',
      '2099-11-04T09:00:00.000Z',
    ]);
  });

  it('GIVEN a weekly 10:00 meeting in Asia/Tehran in 2021 THEN it follows the DST of that year (+04:30 from 22 March)', async () => {
    const s = await seed('Asia/Tehran');
    s.chair.reader.timeZone = 'Asia/Tehran';
    now = new Date('2021-03-01T00:00:00Z');
    await service.schedule(line('2021-03-10 10:00 | Sync | https://x.org --weekly'), s.chair);
    const starts = (await db.prisma.meetingOccurrence.findMany({ orderBy: { startsAt: 'asc' }, take: 3 })).map((o) =>
      o.startsAt.toISOString(),
    );
    expect(starts).toEqual(['2021-03-10T06:30:00.000Z', '2021-03-17T06:30:00.000Z', '2021-03-24T05:30:00.000Z']);
  });

  it('GIVEN the same meeting in 2023 THEN Tehran stays at +03:30 all year (no DST since 2022)', async () => {
    const s = await seed('Asia/Tehran');
    s.chair.reader.timeZone = 'Asia/Tehran';
    now = new Date('2023-03-01T00:00:00Z');
    await service.schedule(line('2023-03-15 10:00 | Sync | https://x.org --weekly'), s.chair);
    const starts = (await db.prisma.meetingOccurrence.findMany({ orderBy: { startsAt: 'asc' }, take: 3 })).map((o) =>
      o.startsAt.toISOString(),
    );
    expect(starts).toEqual(['2023-03-15T06:30:00.000Z', '2023-03-22T06:30:00.000Z', '2023-03-29T06:30:00.000Z']);
  });
});

describe('delivery', () => {
  it('GIVEN a reminder due WHEN ticks run (also twice, and a second dispatcher) THEN it is in the outbox once and marked sent', async () => {
    const s = await seed();
    await service.setOffsets(s.communityId, '1h 0', s.chairId);
    await service.schedule(line('2099-01-05 10:00 | Sync | https://x.org'), s.chair);
    now = new Date('2099-01-05T09:00:00Z');
    const second = new ReminderDispatcher(
      new ReminderRepository(db.prisma),
      new Translator(),
      { wake() {} },
      silentLogger(),
      { now: () => now },
    );
    await Promise.all([dispatcher.tick(), second.tick(), dispatcher.tick()]);
    const rows = await outbox();
    expect(rows.map(textOf)).toEqual([expect.stringContaining('“Sync” starts in 1 hour.')]);
    const statuses = await db.prisma.reminder.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } });
    expect(statuses.map((g) => [g.status, g._count])).toEqual([
      ['planned', 1],
      ['sent', 1],
    ]);
    const sent = await db.prisma.reminder.findFirstOrThrow({ where: { offsetMinutes: 60 } });
    expect(sent.outboxId).toBe(rows[0]!.id);
    expect(wakes).toBeGreaterThan(0);
  });

  it('GIVEN the bot was down at the due time but back within the grace window THEN the reminder is sent, marked late', async () => {
    const s = await seed();
    await service.schedule(line('2099-01-05 10:00 | Sync | https://x.org'), s.chair);
    now = new Date('2099-01-04T13:00:00Z'); // the 1-day reminder was due at 10:00, three hours ago
    await dispatcher.tick();
    const [row] = await outbox();
    expect(textOf(row!)).toContain('Sent late: I was offline when this reminder was due.');
    expect(textOf(row!)).toContain('starts in 1 day');
    expect((await db.prisma.reminder.findFirstOrThrow({ where: { offsetMinutes: 1440 } })).status).toBe('late');
  });

  it('GIVEN the bot was down longer than the grace window THEN the reminder is recorded missed and the chair gets one summary', async () => {
    const s = await seed();
    await service.schedule(line('2099-01-05 10:00 | Sync | https://x.org --everywhere'), s.chair);
    await db.prisma.chat.create({
      data: { platform: 'test', externalId: 'group-2', kind: 'group', communityId: s.communityId },
    });
    await service.setOffsets(s.communityId, '1d 20h 1h', s.chairId);
    now = new Date('2099-01-05T08:00:00Z'); // 1d (due 22 h ago) and 20h (due 18 h ago) both missed; 1h not due
    await dispatcher.tick();
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.chatId).toBe('dm-nasrin');
    expect(textOf(rows[0]!)).toContain('4 reminders for “Sync”');
    const missed = await db.prisma.reminder.count({ where: { status: 'missed' } });
    expect(missed).toBe(4);
    expect(await db.prisma.reminder.count({ where: { status: 'planned' } })).toBe(2);
  });

  it('GIVEN a member who answered "no" THEN their later private reminders are skipped, the others still get theirs', async () => {
    const s = await seed();
    await service.schedule(line('2099-01-05 10:00 | Board | https://x.org --committee Board'), s.chair);
    const occurrence = await db.prisma.meetingOccurrence.findFirstOrThrow();
    now = new Date('2099-01-04T10:00:00Z');
    await dispatcher.tick(); // the 1-day reminder to both
    await service.answer(occurrence.id, s.members.sara!, 'no', null);
    expect(await db.prisma.reminder.count({ where: { memberId: s.members.sara!, status: 'skipped' } })).toBe(2);
    now = new Date('2099-01-05T10:00:00Z');
    await dispatcher.tick();
    const rows = await outbox();
    expect(rows.filter((r) => r.chatId === 'dm-sara')).toHaveLength(1);
    expect(rows.filter((r) => r.chatId === 'dm-ivan')).toHaveLength(3);
    // Changing the answer brings back what is still to come, not what is past.
    await service.answer(occurrence.id, s.members.sara!, 'maybe', null);
    expect(await db.prisma.reminder.count({ where: { memberId: s.members.sara!, status: 'planned' } })).toBe(0);
  });
});

describe('editing and cancelling', () => {
  it('GIVEN a meeting moved to another time THEN its pending reminders are planned again for the new time and answers move with it', async () => {
    const s = await seed();
    const { meeting } = await service.schedule(
      line('2099-01-05 10:00 | Sync | https://x.org --committee Board'),
      s.chair,
    );
    const before = await db.prisma.meetingOccurrence.findFirstOrThrow();
    await service.answer(before.id, s.members.sara!, 'no', null);
    const edited = parseMeetingLine('2099-01-06 15:00 90m | | | New agenda', { partial: true });
    if (!edited.ok) throw new Error('line');
    await service.edit(meeting.id, edited.value, s.chair);
    const occurrences = await db.prisma.meetingOccurrence.findMany({ orderBy: { id: 'asc' } });
    expect(occurrences.map((o) => [o.startsAt.toISOString(), o.cancelledAt !== null])).toEqual([
      ['2099-01-05T10:00:00.000Z', true],
      ['2099-01-06T15:00:00.000Z', false],
    ]);
    const moved = occurrences[1]!;
    expect(await db.prisma.rsvp.findMany({ where: { occurrenceId: moved.id } })).toMatchObject([
      { memberId: s.members.sara, answer: 'no' },
    ]);
    const planned = await db.prisma.reminder.findMany({
      where: { occurrenceId: moved.id },
      orderBy: [{ dueAt: 'asc' }, { targetChatId: 'asc' }],
    });
    expect(planned.map((r) => [r.dueAt.toISOString(), r.targetChatId, r.status])).toEqual([
      ['2099-01-05T15:00:00.000Z', 'dm-ivan', 'planned'],
      ['2099-01-05T15:00:00.000Z', 'dm-sara', 'skipped'],
      ['2099-01-06T14:00:00.000Z', 'dm-ivan', 'planned'],
      ['2099-01-06T14:00:00.000Z', 'dm-sara', 'skipped'],
      ['2099-01-06T15:00:00.000Z', 'dm-ivan', 'planned'],
      ['2099-01-06T15:00:00.000Z', 'dm-sara', 'skipped'],
    ]);
    expect(await db.prisma.reminder.count({ where: { occurrenceId: before.id, status: { not: 'cancelled' } } })).toBe(
      0,
    );
    const stored = await db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    expect(stored).toMatchObject({ durationMinutes: 90, agenda: 'New agenda', title: 'Sync' });
    // Nothing of the old time goes out.
    now = new Date('2099-01-05T10:00:00Z');
    await dispatcher.tick();
    expect(await outbox()).toEqual([]);
  });

  it('GIVEN a series cancelled after its first reminder THEN pending reminders are cancelled and those reminded are told once', async () => {
    const s = await seed();
    const { meeting } = await service.schedule(
      line('2099-01-05 10:00 | Sync | https://x.org --weekly --committee Board'),
      s.chair,
    );
    now = new Date('2099-01-04T10:00:00Z');
    await dispatcher.tick();
    expect(await outbox()).toHaveLength(2);
    const { notified } = await service.cancelSeries(s.communityId, meeting.id, s.chairId);
    expect(notified).toBe(2);
    expect(await db.prisma.reminder.count({ where: { kind: 'reminder', status: 'planned' } })).toBe(0);
    await dispatcher.tick();
    await dispatcher.tick();
    const notices = (await outbox()).slice(2);
    expect(notices.map((r) => r.chatId).sort()).toEqual(['dm-ivan', 'dm-sara']);
    expect(textOf(notices.find((r) => r.chatId === 'dm-ivan')!)).toContain('Отменено');
    now = new Date('2099-01-05T10:00:00Z');
    await dispatcher.tick();
    expect(await outbox()).toHaveLength(4);
  });

  it('GIVEN new offsets THEN every pending reminder of the community is planned again', async () => {
    const s = await seed();
    await service.schedule(line('2099-01-05 10:00 | Sync | https://x.org'), s.chair);
    expect(await service.setOffsets(s.communityId, '2h 15m 0 2h', s.chairId)).toEqual([120, 15, 0]);
    const reminders = await db.prisma.reminder.findMany({ orderBy: { dueAt: 'asc' } });
    expect(reminders.map((r) => r.offsetMinutes)).toEqual([120, 15, 0]);
    await expect(service.setOffsets(s.communityId, 'soon', s.chairId)).rejects.toMatchObject({
      key: 'meeting.offsets-invalid',
    });
  });
});

describe('an in-person meeting', () => {
  it('GIVEN a place instead of a link THEN the reminder says where, and shows no link', async () => {
    const s = await seed('Europe/Berlin');
    s.chair.reader.timeZone = 'Europe/Berlin';
    await service.setOffsets(s.communityId, '1h', s.chairId);
    await service.schedule(
      line('2099-06-10 10:00 | Board meeting | Central Library, room 2 --committee board'),
      s.chair,
    );
    now = new Date('2099-06-10T07:00:00Z');
    await dispatcher.tick();
    const ivan = textOf((await outbox()).find((r) => r.chatId === 'dm-ivan')!);
    expect(ivan).toContain('Место: Central Library, room 2');
    expect(ivan).not.toContain('Ссылка');
  });
});
