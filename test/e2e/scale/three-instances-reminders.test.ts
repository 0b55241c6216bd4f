import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { TELEGRAM_FLOOD_LIMITS } from '../../fakes/telegram/flood-control.ts';
import { TOKEN } from '../telegram/telegram-harness.ts';
import { BotFleet, seedDueReminders, waitUntilQuiet } from './scale-support.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** 2 meetings × 1,000 chats: every chat gets two reminders, which different instances may claim. */
const CHATS = 1_000;
const MEETINGS = ['Meeting A', 'Meeting B'];
const TOTAL = CHATS * MEETINGS.length;
const FIRST_CHAT = 60_000;
const VICTIM = 'p1';

describe('three bot processes on one PostgreSQL database (issue #9)', () => {
  it(
    'GIVEN 2,000 reminders due at once and one of three processes SIGKILLed half-way ' +
      'THEN each reminder reaches its chat exactly once, the survivors finish the dead one’s work after its lease, ' +
      'and together they never exceed the bot’s 30 messages/s or 1/s per chat',
    async () => {
      const fake = await FakeBotApi.start({ token: TOKEN });
      cleanups.push(() => fake.close());
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const fleet = new BotFleet(fake, {
        TELEGRAM_BOT_TOKEN: TOKEN,
        DATABASE_URL: database.url,
        HTTP_SERVER: 'off',
        // A short lease, so that the dead process's claimed messages are taken over within seconds.
        OUTBOX_LEASE_SECONDS: '3',
        REMINDER_TICK_SECONDS: '1',
        LEADER_RETRY_SECONDS: '1',
      });
      cleanups.push(() => fleet.stopAll());
      for (const name of ['p1', 'p2', 'p3']) await fleet.start(name);
      await fake.waitFor(
        'three processes connected',
        () => new Set(fake.callsOf('getMe').map((c) => c.caller)).size === 3,
        60_000,
      );
      // The poller deletes any webhook before its first long poll (which the fake records when answered).
      await fake.waitFor('the polling to start', () => fake.callsOf('deleteWebhook').length > 0, 30_000);

      await seedDueReminders(database.prisma, {
        meetings: MEETINGS,
        chats: CHATS,
        firstChatId: FIRST_CHAT,
        dueAt: new Date(),
      });

      // Killed while one of its messages is reaching Telegram, before it hears back: that message is in
      // doubt for the others (and delivered); everything else it had claimed is theirs after the lease.
      let deliveredAtKill = 0;
      let killedAt = 0;
      fake.onDelivered = (message) => {
        if (deliveredAtKill === 0 && message.caller === VICTIM && fake.delivered.length >= TOTAL / 2) {
          deliveredAtKill = fake.delivered.length;
          killedAt = Date.now();
          void fleet.get(VICTIM).kill('SIGKILL');
        }
      };
      await fake.waitFor('the kill half-way', () => deliveredAtKill > 0, 120_000);
      fake.onDelivered = undefined;
      await fake.waitFor('every reminder delivered', () => fake.delivered.length >= TOTAL, 120_000);
      await waitUntilQuiet(fake, 4_000);

      // Exactly once: each chat has one reminder of each meeting, nothing more.
      for (let i = 0; i < CHATS; i++) {
        const received = fake.deliveredTo(FIRST_CHAT + i).map((m) => m.text);
        expect(received.length, `chat ${FIRST_CHAT + i}: ${received.join(' / ')}`).toBe(MEETINGS.length);
        for (const title of MEETINGS) {
          expect(received.filter((text) => text.includes(title)).length, `chat ${FIRST_CHAT + i}`).toBe(1);
        }
      }
      expect(fake.delivered).toHaveLength(TOTAL);

      // The work was shared, and the survivors went on after the kill.
      const byCaller = (name: string) => fake.delivered.filter((m) => m.caller === name);
      for (const name of ['p1', 'p2', 'p3']) expect(byCaller(name).length, name).toBeGreaterThan(100);
      expect(byCaller(VICTIM).every((m) => m.at <= killedAt)).toBe(true);
      const afterKill = fake.delivered.filter((m) => m.at > killedAt);
      expect(afterKill.length).toBeGreaterThan(TOTAL / 4);

      // The database agrees: every reminder handed over once, every message settled.
      const outbox = await database.prisma.outboxMessage.groupBy({ by: ['status'], _count: true });
      const counts = Object.fromEntries(outbox.map((row) => [row.status, row._count]));
      expect(counts.pending ?? 0).toBe(0);
      // The one message on the wire at the kill went out, but no survivor can know it: kept as in doubt.
      expect(counts.failed ?? 0).toBeLessThanOrEqual(1);
      expect((counts.sent ?? 0) + (counts.failed ?? 0)).toBe(TOTAL);
      const reminders = await database.prisma.reminder.groupBy({ by: ['status'], _count: true });
      expect(reminders.map((r) => [r.status, r._count])).toEqual([['sent', TOTAL]]);

      // Under the bot's limits all along, though three processes sent at once.
      expect(fake.flood.tooManyRequests, 'answers 429 from the fake').toBe(0);
      expect(fake.flood.maxPerSecond).toBeLessThanOrEqual(TELEGRAM_FLOOD_LIMITS.perSecond);
      // And close to them: pacing that shares the budget should not waste most of it.
      expect(fake.flood.maxPerSecond).toBeGreaterThanOrEqual(20);
    },
    180_000,
  );
});
