/**
 * The bot once its database is open: the app, its platforms (or the console chat), the HTTP server and
 * the clean stop. Loaded by main.ts while the embedded database starts, so that its modules (most of the
 * bot's start-up time) load in the meantime.
 */
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Database } from './db/database.ts';
import { createApp } from './app.ts';
import {
  ConsoleAdapter,
  CONSOLE_GROUP_CHAT,
  CONSOLE_LOCAL_USER_ID,
  CONSOLE_PLATFORM,
  consolePrivateChat,
} from './adapters/console/console-adapter.ts';
import { ensureLocalCommunity } from './features/community/local-community.ts';
import type { PlatformAdapter } from './core/adapter.ts';
import { AdvisoryLeader } from './ops/polling-leader.ts';
import { BALE_PROFILE, TELEGRAM_RATE_LIMITS } from './adapters/telegram/platform-profile.ts';
import { withForeignFiles } from './core/foreign-files.ts';
import { isFileSource } from './core/stored-files.ts';
import { Operations } from './ops/operations.ts';
import { serveFeeds } from './wiring/serve-feeds.ts';
import { loadDiscordWiring, loadTelegramWiring } from './wiring/platform-modules.ts';
import type { HttpRoutes } from './ops/http-routes.ts';
import { loadInstanceSecret } from './instance-secret.ts';

/** A clean stop must finish well within the 10 s that process managers give after SIGTERM. */
const STOP_DEADLINE_MS = 9_000;

export async function runBot(config: Config, logger: Logger, database: Database): Promise<void> {
  const secret = await loadInstanceSecret({ secret: config.HAMKAR_SECRET, dataDir: config.DATA_DIR });
  const ops = new Operations(config, database, logger);
  // The local console is trusted: a script may pipe many lines at once.
  const app = createApp(database.prisma, logger, {
    unlimitedPlatforms: [CONSOLE_PLATFORM],
    floodLimitPerMinute: config.FLOOD_LIMIT_PER_MINUTE,
    reminders: { graceHours: config.REMINDER_GRACE_HOURS, tickSeconds: config.REMINDER_TICK_SECONDS },
    outbox: ops.outboxOptions,
    secret,
    templatesDir: path.join(config.DATA_DIR, 'templates'),
  });
  // The web dashboard on the same HTTP server: its pages call the same services as the commands.
  ops.serveDashboard({ services: app.services, translator: app.translator, messenger: app.outbox });
  // The embedded database belongs to this process alone (its data folder is locked): whatever its
  // outbox shows as claimed was claimed by a process that died, and can go out now.
  if (!config.DATABASE_URL) await app.outbox.releaseClaims();
  const adapters: PlatformAdapter[] = await platformAdapters(config, app, logger, ops, database);
  // Features read files members send them (a CSV to import) through the platforms that can fetch them.
  for (const adapter of adapters) if (isFileSource(adapter)) app.files.add(adapter);

  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode = 0): Promise<void> =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      const deadline = setTimeout(() => {
        logger.error('clean stop took too long; exiting');
        process.exit(1);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      // Events still waiting for the database give up now, so that they cannot hold up the stop.
      app.bot.stopRetrying();
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await ops.stop();
      await app.stop();
      await database.close();
      clearTimeout(deadline);
      process.exit(exitCode);
    })());
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (adapters.length > 0) {
    // Wrapped for sending: a file kept on one platform and opened on another is fetched at send time.
    for (const adapter of withForeignFiles(adapters, logger)) app.outbox.register(adapter);
    await app.start({ catchUp: false });
    for (const job of ops.jobs) app.scheduler.add(job);
    try {
      const listening = await ops.startHttp(Boolean(config.TELEGRAM_WEBHOOK_URL));
      if (listening && ops.routes) servePublicAddresses(ops.routes, app, config, logger);
      // Side by side: each waits on its platform (a login, a getMe, the command menus), and over a slow
      // network one after the other would add those waits up. All are settled before a failure stops them.
      const handle = ops.countUpdates(app.bot.handle);
      const started = await Promise.allSettled(adapters.map((adapter) => adapter.start(handle)));
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      logger.fatal({ err: error }, 'could not connect to the platform (check its token and API address)');
      return stop('platform start failed', 1);
    }
    logger.info({ database: database.describe, adapters: adapters.map((a) => a.platform) }, 'ready');
    loadTemplatesSoon(app);
    // What fell due while the bot was down, now that the platforms take messages.
    void app.catchUp();
    return;
  }

  const consoleChat = await startConsole(config, app, logger);
  adapters.push(consoleChat);
  await app.start();
  // The console has calendar feeds and the dashboard too: its HTTP server runs unless HTTP_SERVER=off, as
  // with a platform, so that `npm start` alone lets a newcomer open the dashboard from /dashboard's link.
  if ((await ops.startHttp(false)) && ops.routes) servePublicAddresses(ops.routes, app, config, logger);
  await consoleChat.start(app.bot.handle);
  logger.info({ database: database.describe, adapters: adapters.map((a) => a.platform) }, 'ready');
  loadTemplatesSoon(app);
  await consoleChat.finished;
  await stop('end of console input');
}

/**
 * The survey, round and interview templates, read once the bot is ready rather than before (nothing in
 * a start needs them; a command that does reads them first): a broken uploaded template is still logged
 * at the start, where an admin looks.
 */
function loadTemplatesSoon(app: ReturnType<typeof createApp>): void {
  setImmediate(() => app.services.templates.load());
}

/** Each platform whose token is set, whichever others are; none: the console chat runs instead. */
async function platformAdapters(
  config: Config,
  app: ReturnType<typeof createApp>,
  logger: Logger,
  ops: Operations,
  database: Database,
): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await loadTelegramWiring();
    const routes = ops.routes;
    const webhook =
      config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
        ? {
            url: config.TELEGRAM_WEBHOOK_URL,
            secretToken: config.TELEGRAM_WEBHOOK_SECRET,
            port: config.PORT,
            ...(routes ? { routes } : {}),
          }
        : undefined;
    const limits = { ...TELEGRAM_RATE_LIMITS, globalPerSecond: config.TELEGRAM_MAX_PER_SECOND };
    adapters.push(
      createTelegramAdapter(app, logger, {
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        localFiles: config.TELEGRAM_LOCAL_FILES === 'on',
        limits,
        ...(webhook ? { webhook } : {}),
        ...ops.forPlatform('telegram', config.TELEGRAM_BOT_TOKEN, limits),
      }),
    );
  }
  if (config.BALE_BOT_TOKEN) {
    const { createTelegramAdapter } = await loadTelegramWiring();
    // Bale speaks Telegram's Bot API with fewer methods: the same adapter, as its own platform. Long
    // polling only: Bale documents no webhook secret header to tell its posts from anyone's.
    adapters.push(
      createTelegramAdapter(app, logger, {
        token: config.BALE_BOT_TOKEN,
        apiRoot: config.BALE_API_ROOT,
        platform: BALE_PROFILE.platform,
        ...ops.forPlatform(BALE_PROFILE.platform, config.BALE_BOT_TOKEN, BALE_PROFILE.limits),
      }),
    );
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
    const { createDiscordAdapter } = await loadDiscordWiring();
    // Interactions over the gateway; slash commands registered in DISCORD_GUILD_ID, or globally. With a
    // shared database one process holds the gateway (keyed by the application id, never the token).
    const gatewayLeadership = config.DATABASE_URL
      ? new AdvisoryLeader({
          connection: database.connection,
          name: `discord-gateway:${config.DISCORD_APPLICATION_ID}`,
          retryMs: config.LEADER_RETRY_SECONDS * 1000,
          logger: logger.child({ platform: 'discord' }),
        })
      : undefined;
    adapters.push(
      createDiscordAdapter(app, logger, {
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        api: config.DISCORD_API,
        ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
        ...(gatewayLeadership ? { gatewayLeadership } : {}),
      }),
    );
  }
  return adapters;
}

/**
 * Once the HTTP server listens: the calendar feeds are mounted, and /feed and /dashboard give addresses
 * under PUBLIC_URL (until then they say that nothing is served).
 */
function servePublicAddresses(
  routes: HttpRoutes,
  app: ReturnType<typeof createApp>,
  config: Config,
  logger: Logger,
): void {
  serveFeeds(routes, app.services.feeds, config.PUBLIC_URL, logger);
  app.services.dashboard.servedAt(config.PUBLIC_URL);
}

/** With no platform token set, the bot is a chat in this terminal, as the admin of a local community. */
async function startConsole(
  config: Config,
  app: ReturnType<typeof createApp>,
  logger: Logger,
): Promise<ConsoleAdapter> {
  const userName = config.CONSOLE_USER_NAME ?? safeUserName();
  const actor = { platform: CONSOLE_PLATFORM, userId: CONSOLE_LOCAL_USER_ID, displayName: userName, isChatAdmin: true };
  const resolved = await ensureLocalCommunity(
    app.resolver,
    app.services.community,
    actor,
    CONSOLE_GROUP_CHAT,
    consolePrivateChat(CONSOLE_LOCAL_USER_ID),
    config.CONSOLE_COMMUNITY_NAME,
  );
  const adapter = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    filesDir: path.join(config.DATA_DIR, 'console-files'),
    userName,
    waitForReplies: () => app.outbox.drain(),
  });
  app.outbox.register(adapter);
  if (process.stdin.isTTY) {
    const language = resolved.member.language ?? resolved.community?.language ?? 'en';
    const intro = app.translator.t(language, 'console.ready', {
      name: userName,
      community: resolved.community?.name ?? '',
    });
    process.stdout.write(intro + '\n');
  }
  logger.debug({ user: userName }, 'console chat');
  return adapter;
}

function safeUserName(): string {
  try {
    return os.userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
