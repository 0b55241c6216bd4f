import { createApp, type App } from '../../../src/app.ts';
import type { InboundEvent } from '../../../src/core/event.ts';
import type { Logger } from '../../../src/logger.ts';
import { createDiscordAdapter } from '../../../src/wiring/create-discord-adapter.ts';
import type { DiscordAdapter } from '../../../src/adapters/discord/discord-adapter.ts';
import type { Leadership } from '../../../src/ops/polling-leader.ts';
import { capturedLogger } from '../../support/captured-logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeDiscord, type FakeMessage } from '../../fakes/discord/fake-discord.ts';
import {
  ADMIN_PERMISSIONS,
  makeGuild,
  type FakeGuild,
  type FakeUser,
  type InteractionPayload,
  type Place,
} from '../../fakes/discord/wire-objects.ts';

/** A token in Discord's format (base64 id . timestamp . hmac): every run's logs are searched for it. */
export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GhIjKl.fake-discord-token_for-the-loopback-fake0';

const TEST_DEFER_AFTER_MS = 2_500;

export interface DiscordHarnessOptions {
  /**
   * How long an unanswered interaction waits before the adapter defers it. The tests' default is longer
   * than the bot's 1 s (still within Discord's 3 s): a test that expects a direct reply must not see a
   * deferral just because the machine is busy; the tests of deferral set a short one.
   */
  deferAfterMs?: number;
  /** Register commands in the test server (DISCORD_GUILD_ID) instead of globally. */
  guildCommands?: boolean;
  /** The gateway is connected only while this role is held (several processes). */
  gatewayLeadership?: Leadership;
}

/**
 * The real app (over a fresh database) with the real Discord adapter and discord.js client, connected
 * to a loopback fake of Discord's REST API and gateway with one server (`libraries`, channel
 * `#general`). Every log line of the run is kept in `logs`.
 */
export class DiscordHarness {
  /** Every event the adapter handed to the core, in order. */
  readonly events: InboundEvent[] = [];
  /** Ids of the events the core finished handling. */
  readonly handled = new Set<string>();
  /** Added before each event reaches the core: slow work, to see the adapter defer. */
  handlerDelayMs = 0;

  private constructor(
    readonly logs: string[],
    readonly logger: Logger,
    readonly fake: FakeDiscord,
    readonly db: TestDatabase,
    readonly app: App,
    readonly adapter: DiscordAdapter,
    readonly server: FakeGuild,
  ) {}

  /** `shape` adds to the test server before the bot connects (threads). */
  static async start(
    options: DiscordHarnessOptions = {},
    shape?: (server: FakeGuild) => void,
  ): Promise<DiscordHarness> {
    const fake = await FakeDiscord.start({ token: TOKEN });
    const server = makeGuild('Libraries', ['general', 'committee']);
    shape?.(server);
    fake.guilds.push(server);
    const db = await createTestDatabase();
    const { logs, logger } = capturedLogger();
    const app = createApp(db.prisma, logger, { outbox: { pollIntervalMs: 50 } });
    const adapter = createDiscordAdapter(app, logger, {
      token: TOKEN,
      applicationId: fake.applicationId,
      api: fake.apiUrl,
      ...(options.guildCommands ? { guildId: server.id } : {}),
      deferAfterMs: options.deferAfterMs ?? TEST_DEFER_AFTER_MS,
      ...(options.gatewayLeadership ? { gatewayLeadership: options.gatewayLeadership } : {}),
    });
    const harness = new DiscordHarness(logs, logger, fake, db, app, adapter, server);
    app.outbox.register(adapter);
    await app.start();
    await adapter.start(async (event) => {
      harness.events.push(event);
      if (harness.handlerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, harness.handlerDelayMs));
      await app.bot.handle(event);
      harness.handled.add(event.id);
    });
    return harness;
  }

  get general(): Place {
    return { guild: this.server, channel: this.server.channels[0]! };
  }

  /** `#general` as someone with Manage Server sees it. */
  get generalAsAdmin(): Place {
    return { guild: this.server, channel: this.server.channels[0]!, permissions: ADMIN_PERMISSIONS };
  }

  dmOf(user: FakeUser): Place {
    return { dmChannelId: this.fake.dmChannelOf(user) };
  }

  /**
   * Dispatches an interaction and waits until the core handled it and its answers went out (the
   * outbox drained); returns what the interaction's channel got from it. `expectEvent: false` for an
   * interaction the adapter answers itself (a form opened, suggestions): then its acknowledgement is awaited.
   */
  async interact(payload: InteractionPayload, options: { expectEvent?: boolean } = {}): Promise<FakeMessage[]> {
    this.fake.dispatchInteraction(payload);
    if (options.expectEvent !== false) {
      await this.fake.waitFor(`interaction ${payload.id} handled`, () => this.handled.has(payload.id));
    }
    await this.app.outbox.drain();
    // Every interaction is acknowledged, by an answer or (after a while without one) a deferral.
    await this.fake.waitFor(
      `interaction ${payload.id} acknowledged`,
      () => this.fake.acknowledgementOf(payload.id) ?? this.fake.lateAcknowledgements > 0,
    );
    if (this.fake.lateAcknowledgements > 0) throw new Error(`interaction ${payload.id} was acknowledged after 3 s`);
    return this.fake.messages.filter((m) => m.interactionId === payload.id && !m.deleted && !m.loading);
  }

  /** Dispatches a member's message (MESSAGE_CREATE) and waits until the core handled its first event. */
  async write(message: Record<string, unknown>): Promise<void> {
    this.fake.dispatchMessage(message);
    const id = String(message.id);
    await this.fake.waitFor(`message ${id} handled`, () => this.handled.has(id));
    await this.app.outbox.drain();
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.app.stop();
    await this.fake.close();
    await this.db.drop();
  }
}
