import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { person, privateChatOf, textMessage } from '../../fakes/telegram/updates.ts';
import { TOKEN } from '../telegram/telegram-harness.ts';
import { BotFleet, freePort, seedDueReminders } from './scale-support.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRET = 'ops-test-secret_123';

/** The value of one sample of the Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('the operations endpoints of a running bot process (issue #9)', () => {
  it('GIVEN the bot in webhook mode on PORT THEN the same server answers the webhook, /healthz and /metrics, whose values follow the traffic; /healthz says 503 once the database is gone', async () => {
    const fake = await FakeBotApi.start({ token: TOKEN });
    cleanups.push(() => fake.close());
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const fleet = new BotFleet(fake, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      DATABASE_URL: database.url,
      PORT: String(port),
      TELEGRAM_WEBHOOK_URL: `${base}/telegram-hook`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      REMINDER_TICK_SECONDS: '1',
    });
    cleanups.push(() => fleet.stopAll());
    const bot = await fleet.start('p1');
    await fake.waitFor('the webhook set', () => fake.webhook, 60_000);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const before = await (await fetch(`${base}/metrics`)).text();
    expect(sample(before, 'hamkar_updates_handled_total', 'platform="telegram",kind="command"')).toBeUndefined();
    expect(sample(before, 'hamkar_reminder_lag_seconds')).toBe(0);
    expect(sample(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(before).toContain('nodejs_eventloop_lag_seconds');

    // Traffic: two commands through the webhook, and a reminder handed over 5 s after it was due.
    const alice = person(82_001, 'Alice');
    const { statuses } = await fake.pushUpdates(
      textMessage(privateChatOf(alice), alice, '/start'),
      textMessage(privateChatOf(alice), alice, '/help'),
    );
    expect(statuses).toEqual([200, 200]);
    await seedDueReminders(database.prisma, {
      meetings: ['Metrics meeting'],
      chats: 1,
      firstChatId: 82_500,
      dueAt: new Date(Date.now() - 5_000),
    });
    await fake.waitFor('the reminder', () => fake.deliveredTo(82_500).length > 0);
    await fake.waitFor('the replies', () => fake.deliveredTo(alice.id).length >= 2);

    // Counted once each send is recorded, a moment after the fake saw it.
    let text = '';
    for (let tries = 0; tries < 100; tries++) {
      text = await (await fetch(`${base}/metrics`)).text();
      if ((sample(text, 'hamkar_sends_total', 'platform="telegram",result="ok"') ?? 0) >= fake.delivered.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sample(text, 'hamkar_sends_total', 'platform="telegram",result="ok"')).toBe(fake.delivered.length);
    expect(sample(text, 'hamkar_updates_handled_total', 'platform="telegram",kind="command"')).toBe(2);
    expect(sample(text, 'hamkar_outbox_pending', 'platform="telegram"') ?? 0).toBe(0);
    expect(sample(text, 'hamkar_reminder_lag_seconds')).toBeGreaterThanOrEqual(5);
    expect(sample(text, 'hamkar_reminder_overdue_seconds')).toBe(0);
    expect(text).not.toContain(TOKEN.split(':')[1]);

    // Anything else on the port is refused; the webhook path still wants its secret.
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${base}/telegram-hook`, { method: 'POST', body: '{}' })).status).toBe(401);

    await database.destroy();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(bot.stderr).not.toContain(TOKEN.split(':')[1]);
  }, 90_000);
});
