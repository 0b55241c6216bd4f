import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { silentLogger } from '../../../src/logger.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { ReminderRepository } from '../../../src/features/meetings/reminder-repository.ts';
import { ReminderDispatcher } from '../../../src/features/meetings/reminder-dispatcher.ts';

/**
 * The hand-over of many reminders due at once: claimed in parallel batches by two dispatchers (two
 * instances), rendered once per occurrence and reader, each message sent to the database once and
 * referred to by every row that carries it. Whatever the batching, each reminder must end up with its
 * own outbox row: its chat, its meeting, its reader's language.
 */
let db: TestDatabase;
const now = new Date('2099-03-01T09:00:00Z');

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

const MEETINGS = ['Budget', 'Library week', 'Board'];
const GROUPS_PER_MEETING = 150;
const LANGUAGES = ['fa', 'ru', 'en'] as const;
const MEMBERS = 60;
/** What “starts now” reads like in each language (locales/*.json, reminder.now). */
const STARTS_NOW = { en: 'starts now', fa: 'هم‌اکنون آغاز می‌شود', ru: 'начинается сейчас' };

/** Three meetings starting now; each reminds 150 groups (in English) and 60 members privately, in their languages. */
async function seed(): Promise<number> {
  const p = db.prisma;
  const community = await p.community.create({
    data: { name: 'Network', joinCode: 'HANDOFF1', language: 'en', timeZone: 'UTC', reminderOffsets: [0] },
  });
  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    members.push(await p.member.create({ data: { displayName: `Member ${i}`, language: LANGUAGES[i % 3] } }));
  }
  let count = 0;
  for (const title of MEETINGS) {
    const meeting = await p.meeting.create({
      data: {
        communityId: community.id,
        title,
        link: 'https://x.org/m',
        timeZone: 'UTC',
        startsAt: now,
        durationMinutes: 60,
        audience: 'community',
        occurrences: { create: { startsAt: now, endsAt: new Date(now.getTime() + 3600_000) } },
      },
      select: { occurrences: { select: { id: true } } },
    });
    const occurrenceId = meeting.occurrences[0]!.id;
    const rows = [
      ...Array.from({ length: GROUPS_PER_MEETING }, (_, i) => ({ targetChatId: `group-${i}`, memberId: null })),
      ...members.map((m) => ({ targetChatId: `dm-${m.id}`, memberId: m.id })),
    ].map((target) => ({ ...target, occurrenceId, offsetMinutes: 0, targetPlatform: 'test', dueAt: now }));
    await p.reminder.createMany({ data: rows });
    count += rows.length;
  }
  return count;
}

function dispatcher(): ReminderDispatcher {
  // Small batches, so that 630 reminders make many parallel transactions.
  return new ReminderDispatcher(new ReminderRepository(db.prisma), new Translator(), { wake() {} }, silentLogger(), {
    now: () => now,
    batchSize: 40,
    parallel: 3,
  });
}

describe('handing over reminders due at once', () => {
  it('GIVEN 630 reminders due together WHEN two dispatchers tick at once, in parallel batches THEN each reminder has exactly one outbox row: its chat, its meeting, its reader’s language', async () => {
    const total = await seed();
    const [a, b] = await Promise.all([dispatcher().tick(), dispatcher().tick()]);
    expect(a.handled + b.handled).toBe(total);
    // Both took part: the second claimed while the first's batches were open.
    expect(Math.min(a.handled, b.handled)).toBeGreaterThan(0);

    const reminders = await db.prisma.reminder.findMany({
      include: { occurrence: { include: { meeting: true } }, member: true },
    });
    expect(reminders.every((r) => r.status === 'sent')).toBe(true);
    const outboxIds = reminders.map((r) => r.outboxId);
    expect(outboxIds.every((id) => id !== null)).toBe(true);
    expect(new Set(outboxIds).size).toBe(total); // none shares a row
    const rows = new Map((await db.prisma.outboxMessage.findMany()).map((row) => [row.id, row]));
    expect(rows.size).toBe(total); // and no row without its reminder

    for (const reminder of reminders) {
      const row = rows.get(reminder.outboxId!)!;
      const language = (reminder.member?.language ?? 'en') as keyof typeof STARTS_NOW;
      const text = (row.payload as { text: string }).text;
      expect([row.platform, row.chatId]).toEqual(['test', reminder.targetChatId]);
      expect(text, `${reminder.targetChatId}, ${reminder.occurrence.meeting.title}`).toContain(
        reminder.occurrence.meeting.title,
      );
      expect(text, reminder.targetChatId).toContain(STARTS_NOW[language]);
      for (const other of MEETINGS.filter((t) => t !== reminder.occurrence.meeting.title)) {
        expect(text).not.toContain(`${other}`);
      }
    }
  });

  it('GIVEN one batch that fails THEN the tick says so, that batch is rolled back whole, and every reminder still gets one outbox row', async () => {
    const total = await seed();
    const failing = new ReminderDispatcher(
      new ReminderRepository(db.prisma),
      new Translator(),
      { wake() {} },
      silentLogger(),
      { now: () => now, batchSize: 40, parallel: 3 },
    );
    let batches = 0;
    const decide = failing.decide.bind(failing);
    failing.decide = (rows, at) => {
      if (++batches === 4) throw new Error('rendering failed');
      return decide(rows, at);
    };
    await expect(failing.tick()).rejects.toThrow('rendering failed');
    const handedFirst = await db.prisma.reminder.count({ where: { status: 'sent' } });
    // Nothing half-done: a reminder marked sent has its row, a planned one has none (the other
    // transactions of the tick went on, and may have claimed the failed batch's rows again).
    expect(await db.prisma.outboxMessage.count()).toBe(handedFirst);
    expect(await db.prisma.reminder.count({ where: { status: 'planned' } })).toBe(total - handedFirst);

    const again = await dispatcher().tick();
    expect(handedFirst + again.handled).toBe(total);
    expect(await db.prisma.outboxMessage.count()).toBe(total);
    const perChat = await db.prisma.outboxMessage.groupBy({ by: ['chatId'], _count: true });
    // Each group gets one reminder per meeting, each member one per meeting.
    expect(perChat.every((g) => g._count === MEETINGS.length)).toBe(true);
  });
});
