import { rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { makeTestDir } from '../../support/global-setup.ts';
import { copySeedDataDir } from '../../support/seed-data-dir.ts';
import { BotProcess } from '../bot-process.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { person, privateChatOf, textMessage, type FakeUser } from '../../fakes/telegram/updates.ts';
import { TOKEN } from '../telegram/telegram-harness.ts';

/**
 * How long a fault test keeps the platform or the database away. A minute is what the bot must survive;
 * the code path is the same for a shorter outage, so the suite uses 12 s unless FAULT_OUTAGE_SECONDS
 * asks for the full minute (`FAULT_OUTAGE_SECONDS=60 npx vitest run test/e2e/faults`).
 */
export const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 12) * 1000;

/** What a fault test sets up, torn down by `cleanup()` in reverse order. */
export class FaultScene {
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  onCleanup(cleanup: () => Promise<unknown>): void {
    this.cleanups.push(cleanup);
  }

  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }

  async fakeTelegram(): Promise<FakeBotApi> {
    const fake = await FakeBotApi.start({ token: TOKEN });
    this.onCleanup(() => fake.close());
    return fake;
  }

  async dataDir(): Promise<string> {
    const root = await makeTestDir();
    this.onCleanup(() => rm(root, { recursive: true, force: true }));
    return path.join(root, 'data');
  }

  /**
   * A data folder whose embedded database is initialised and migrated (a copy of the seeded one), for a
   * bot or a database server of a test that is not about the first start: no initdb, no migrations.
   */
  async seededDataDir(): Promise<string> {
    return copySeedDataDir(await this.dataDir());
  }

  /** `npm start` with the Telegram token, against the fake; killed at cleanup if still running. */
  telegramBot(fake: FakeBotApi, dataDir: string, env: Record<string, string> = {}): BotProcess {
    const bot = new BotProcess(dataDir, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.url, ...env });
    this.onCleanup(() => bot.kill('SIGKILL'));
    return bot;
  }
}

/** Waits until the bot polls: the adapter deletes any webhook right before its first getUpdates. */
export async function untilPolling(fake: FakeBotApi, since = 0): Promise<void> {
  await fake.waitFor(
    'the bot polling',
    () => fake.calls.slice(since).some((c) => c.method === 'deleteWebhook'),
    30_000,
  );
}

/** `count` people, each writing `/start` in a private chat: each must get exactly one welcome. */
export function newcomers(count: number, firstId: number): FakeUser[] {
  return Array.from({ length: count }, (_, i) => person(firstId + i, `Member ${firstId + i}`));
}

export function startsOf(users: FakeUser[]) {
  return users.map((user) => textMessage(privateChatOf(user), user, '/start'));
}

/** Waits until the sending has been quiet a while: anything sent twice would have gone out by then. */
export async function untilQuiet(fake: FakeBotApi, quietMs = 2_000): Promise<void> {
  let count = fake.delivered.length;
  await fake.waitFor(
    'the sending to end',
    () => {
      const quiet = fake.delivered.length === count && Date.now() - (fake.delivered.at(-1)?.at ?? 0) > quietMs;
      count = fake.delivered.length;
      return quiet;
    },
    60_000,
  );
}

/** Each person received exactly one message, and it is their welcome. */
export function expectOneWelcomeEach(fake: FakeBotApi, users: FakeUser[]): void {
  for (const user of users) {
    const received = fake.deliveredTo(user.id).map((m) => m.text);
    expect(received, `chat of ${user.first_name}`).toEqual([expect.stringContaining(`Hello, ${user.first_name}!`)]);
  }
}
