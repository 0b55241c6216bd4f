import { createApp, type App } from '../../../src/app.ts';
import type { InboundEvent } from '../../../src/core/event.ts';
import type { Logger } from '../../../src/logger.ts';
import { createTelegramAdapter } from '../../../src/wiring/create-telegram-adapter.ts';
import type { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import { capturedLogger } from '../../support/captured-logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';

/** The Telegram-style messengers one bot process can serve, each through its own instance of the adapter. */
export type Messenger = 'telegram' | 'bale';

/** Tokens in each platform's format: the logs of every run are searched for them. */
export const TOKENS: Record<Messenger, string> = {
  telegram: '123456789:AAHfake-token_for-the-loopback-bot-api',
  bale: '987654321:BaLeFakeTokenForTheLoopbackBotApi0123',
};

const USERNAMES: Record<Messenger, string> = { telegram: 'hamkar_test_bot', bale: 'hamkar_bale_bot' };

export interface MessengerHarnessOptions {
  /** Which fakes to start, each with the real adapter against it (as `main.ts` wires them). */
  messengers: readonly Messenger[];
  /** Moves the reminder dispatcher's clock ahead of the real one: a meeting's reminder comes due at once. */
  clockAheadMs?: () => number;
  /** How long an admin status read from the platform is trusted (the adapter's default: a minute). */
  adminCacheMs?: number;
}

/**
 * The real app over a fresh database with one real adapter (telegraf client) per messenger, each
 * against its loopback fake: Telegram's, and Bale's (no entities, its chat types, 404 for the methods
 * it lacks). One community can span them, as in production. Reusable for a test that adds Discord.
 */
export class MessengerHarness {
  /** Every event the adapters handed to the core, in order. */
  readonly events: InboundEvent[] = [];

  private constructor(
    readonly logs: string[],
    readonly logger: Logger,
    readonly fakes: Partial<Record<Messenger, FakeBotApi>>,
    readonly adapters: Partial<Record<Messenger, TelegramAdapter>>,
    readonly db: TestDatabase,
    readonly app: App,
  ) {}

  static async start(options: MessengerHarnessOptions): Promise<MessengerHarness> {
    const db = await createTestDatabase();
    const { logs, logger } = capturedLogger();
    const ahead = options.clockAheadMs;
    const app = createApp(db.prisma, logger, {
      outbox: { pollIntervalMs: 50 },
      reminders: { tickSeconds: 1, ...(ahead ? { now: () => new Date(Date.now() + ahead()) } : {}) },
    });
    const fakes: Partial<Record<Messenger, FakeBotApi>> = {};
    const adapters: Partial<Record<Messenger, TelegramAdapter>> = {};
    for (const messenger of options.messengers) {
      const fake = await FakeBotApi.start({
        token: TOKENS[messenger],
        username: USERNAMES[messenger],
        dialect: messenger,
      });
      fakes[messenger] = fake;
      adapters[messenger] = createTelegramAdapter(app, logger, {
        token: TOKENS[messenger],
        apiRoot: fake.url,
        platform: messenger,
        ...(options.adminCacheMs !== undefined ? { adminCacheMs: options.adminCacheMs } : {}),
      });
    }
    const harness = new MessengerHarness(logs, logger, fakes, adapters, db, app);
    for (const adapter of Object.values(adapters)) app.outbox.register(adapter);
    await app.start();
    for (const adapter of Object.values(adapters)) {
      await adapter.start((event) => {
        harness.events.push(event);
        return app.bot.handle(event);
      });
    }
    return harness;
  }

  fake(messenger: Messenger): FakeBotApi {
    const fake = this.fakes[messenger];
    if (!fake) throw new Error(`${messenger} is not started in this harness`);
    return fake;
  }

  /** Sends updates by long polling and waits until the bot has handled them (its next getUpdates confirms them). */
  async deliver(messenger: Messenger, ...updates: Array<Record<string, unknown>>): Promise<void> {
    const fake = this.fake(messenger);
    const { ids } = await fake.pushUpdates(...updates);
    const last = Math.max(...ids);
    await fake.waitFor(`${messenger} update ${last} handled`, () => fake.confirmedOffset > last);
  }

  /** Waits until every queued message is sent. */
  async drained(): Promise<void> {
    await this.app.outbox.drain();
  }

  async close(): Promise<void> {
    for (const adapter of Object.values(this.adapters)) await adapter.stop();
    await this.app.stop();
    for (const fake of Object.values(this.fakes)) await fake.close();
    await this.db.drop();
  }
}
