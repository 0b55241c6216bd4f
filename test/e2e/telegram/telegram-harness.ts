import { createServer } from 'node:net';
import { createApp, type App } from '../../../src/app.ts';
import type { InboundEvent } from '../../../src/core/event.ts';
import type { Logger } from '../../../src/logger.ts';
import { createTelegramAdapter } from '../../../src/wiring/create-telegram-adapter.ts';
import type { TelegramAdapter, TelegramAdapterOptions } from '../../../src/adapters/telegram/telegram-adapter.ts';
import { capturedLogger } from '../../support/captured-logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import type { FloodLimits } from '../../fakes/telegram/flood-control.ts';

/** A token in Telegram's format: the logs of every run are searched for it. */
export const TOKEN = '123456789:AAHfake-token_for-the-loopback-bot-api';
export const WEBHOOK_SECRET = 'hook-secret_0123456789';

export interface HarnessOptions {
  webhook?: boolean;
  limits?: FloodLimits | false;
  adapter?: Partial<Omit<TelegramAdapterOptions, 'token' | 'apiRoot' | 'logger' | 'webhook'>>;
}

/**
 * The real app (over a fresh database) with the real Telegram adapter and telegraf client, talking to
 * a loopback fake of the Bot API. Every log line of the run is kept in `logs`.
 */
export class TelegramHarness {
  /** Every event the adapter handed to the core, in order. */
  readonly events: InboundEvent[] = [];

  private constructor(
    /** Every log line of the run, as JSON. */
    readonly logs: string[],
    /** The app's logger (debug level), writing to `logs`. */
    readonly logger: Logger,
    readonly fake: FakeBotApi,
    readonly db: TestDatabase,
    readonly app: App,
    readonly adapter: TelegramAdapter,
    readonly webhookUrl: string | undefined,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<TelegramHarness> {
    const fake = await FakeBotApi.start({
      token: TOKEN,
      ...(options.limits !== undefined ? { limits: options.limits } : {}),
    });
    const db = await createTestDatabase();
    const { logs, logger } = capturedLogger();
    const app = createApp(db.prisma, logger, { outbox: { pollIntervalMs: 50 } });
    const port = options.webhook ? await freePort() : 0;
    const webhookUrl = options.webhook ? `http://127.0.0.1:${port}/telegram/hook` : undefined;
    const adapter = createTelegramAdapter(app, logger, {
      token: TOKEN,
      apiRoot: fake.url,
      ...(webhookUrl ? { webhook: { url: webhookUrl, secretToken: WEBHOOK_SECRET, port, host: '127.0.0.1' } } : {}),
      ...options.adapter,
    });
    const harness = new TelegramHarness(logs, logger, fake, db, app, adapter, webhookUrl);
    app.outbox.register(adapter);
    await app.start();
    await adapter.start((event) => {
      harness.events.push(event);
      return app.bot.handle(event);
    });
    return harness;
  }

  /** Sends updates and waits until the bot has handled them (confirmed by its next getUpdates). */
  async deliver(...updates: Array<Record<string, unknown>>): Promise<number[]> {
    const { ids, statuses } = await this.fake.pushUpdates(...updates);
    if (!this.webhookUrl) {
      const last = Math.max(...ids);
      await this.fake.waitFor(`update ${last} handled`, () => this.fake.confirmedOffset > last);
    } else if (statuses.some((s) => s !== 200)) {
      throw new Error(`webhook answered ${statuses.join(', ')}`);
    }
    return ids;
  }

  /** Waits until every queued reply is sent. */
  async drained(): Promise<void> {
    await this.app.outbox.drain();
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.app.stop();
    await this.fake.close();
    await this.db.drop();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
