import { Telegraf } from 'telegraf';
import { registerSecret, type Logger } from '../../logger.ts';
import type { PlatformAdapter, SendHooks, SendResult } from '../../core/adapter.ts';
import type { FileDownload, FileSource, UploadLimit } from '../../core/stored-files.ts';
import type { EventPayload, InboundEvent, OutboundMessage } from '../../core/event.ts';
import { RateLimiter, type RateLimits } from '../../core/rate-limiter.ts';
import { AdminLookup } from './admin-lookup.ts';
import { ChatQueue } from '../chat-queue.ts';
import type { CommandMenu } from './command-menu.ts';
import { EditThrottle } from './edit-throttle.ts';
import { TELEGRAM_MAX_UPLOAD_BYTES, TelegramFileDownloader } from './file-download.ts';
import { LongPolling } from './long-polling.ts';
import { PacedBotApi } from './paced-bot-api.ts';
import { profileFor, type PlatformProfile } from './platform-profile.ts';
import { TelegramSender } from './telegram-sender.ts';
import { ALLOWED_UPDATES, updateToEvent, type WireUpdate } from './update-to-event.ts';
import { WebhookServer } from './webhook-server.ts';
import type { SendPacer } from '../../core/send-pacer.ts';
import type { HttpRoutes } from '../../ops/http-routes.ts';
import type { Leadership } from '../../ops/polling-leader.ts';

/**
 * Telegram's published limits, with a margin: a message leaves our process a moment before it reaches
 * Telegram, and two of them one interval apart here can arrive a little closer together there.
 * (About 30 messages a second overall, one a second per chat, 20 a minute per group.)
 */
export { TELEGRAM_RATE_LIMITS } from './platform-profile.ts';

export interface TelegramWebhookOptions {
  /** The public HTTPS URL Telegram posts to; its path is where the server listens. */
  url: string;
  secretToken: string;
  port: number;
  host?: string;
  /** Set: the path is served by the bot's HTTP server on PORT (beside /healthz and /metrics). */
  routes?: HttpRoutes;
}

export interface TelegramAdapterOptions {
  token: string;
  /** A Bot API server (a self-hosted one, or a test fake); the public one by default. */
  apiRoot?: string;
  /** `telegram`; Bale speaks the same API under its own name. */
  platform?: string;
  /** Set: updates arrive by webhook; unset: long polling. */
  webhook?: TelegramWebhookOptions;
  /** Registered with `setMyCommands` at start. */
  commandMenus?: CommandMenu[];
  logger: Logger;
  limits?: RateLimits;
  editIntervalMs?: number;
  adminCacheMs?: number;
  requestTimeoutMs?: number;
  /** Where deep links to the bot's private chat point (`https://t.me/`). */
  deepLinkBase?: string;
  /** Set: sends are paced by this (the budget shared by several instances) instead of `limits` in-process. */
  pacer?: SendPacer;
  /** Set: this process long-polls only while it holds this role (one poller per bot among instances). */
  pollingLeadership?: Leadership;
  /** How long polling waits after a 409 before it asks again (default 30 s). */
  pollingConflictRetryMs?: number;
  /**
   * `apiRoot` is the operator's own Bot API server in local mode: a file it names by an absolute path
   * is read from this machine's disk (`TELEGRAM_LOCAL_FILES=on`). Ignored where the platform has no
   * such server (Bale).
   */
  localFiles?: boolean;
}

/** How long a stop waits for the updates being handled to finish; bounded for a clean stop. */
const POLLING_STOP_TIMEOUT_MS = 5_000;

/**
 * The bot on Telegram: updates (by long polling, or by webhook when configured) become neutral
 * events, handled one chat at a time in order; outbound messages are rendered and paced under
 * Telegram's limits. Only this folder knows telegraf.
 */
export class TelegramAdapter implements PlatformAdapter, FileSource, UploadLimit {
  readonly platform: string;
  readonly maxUploadBytes = TELEGRAM_MAX_UPLOAD_BYTES;
  private readonly bot: Telegraf;
  private readonly sender: TelegramSender;
  private readonly files: TelegramFileDownloader;
  /** Absent where the platform has no `getChatMember`: the roles recorded at `/setup` stand alone. */
  private readonly admins: AdminLookup | undefined;
  /** What this platform's Bot API can do (Telegram's, or Bale's subset). */
  private readonly profile: PlatformProfile;
  private readonly chats = new ChatQueue();
  private readonly logger: Logger;
  private readonly stopped: Promise<void>;
  private signalStopped!: () => void;
  private username: string | undefined;
  /** The long polling this process runs now (it leads, or no leadership is configured). */
  private polling: LongPolling | undefined;
  /** When every long polling started so far has ended: a new one starts after the one before it. */
  private pollingEnded: Promise<void> = Promise.resolve();
  private webhookServer: WebhookServer | undefined;
  private stopping: Promise<void> | undefined;
  /** The webhook server's port once it listens (tests ask for port 0). */
  webhookPort: number | undefined;

  constructor(private readonly options: TelegramAdapterOptions) {
    registerSecret(options.token);
    registerSecret(options.webhook?.secretToken);
    this.platform = options.platform ?? 'telegram';
    this.profile = profileFor(this.platform);
    this.logger = options.logger.child({ platform: this.platform });
    this.stopped = new Promise((resolve) => (this.signalStopped = resolve));
    this.bot = new Telegraf(options.token, {
      telegram: {
        apiRoot: withTrailingSlash(options.apiRoot ?? this.profile.apiRoot),
        // Every call is a real request with a real answer; none rides on the webhook's HTTP response.
        webhookReply: false,
      },
    });
    const api = new PacedBotApi({
      telegram: this.bot.telegram,
      limiter: options.pacer ?? new RateLimiter(options.limits ?? this.profile.limits),
      stopped: this.stopped,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
    });
    this.sender = new TelegramSender({
      platform: this.platform,
      api,
      edits: new EditThrottle(options.editIntervalMs),
      logger: this.logger,
      deepLink: (command) => this.deepLink(command),
      parseMode: this.profile.parseMode,
      forumTopics: this.profile.forumTopics,
    });
    this.files = new TelegramFileDownloader(
      this.bot.telegram,
      options.requestTimeoutMs ?? 30_000,
      options.localFiles === true && this.profile.selfHostedServer,
    );
    this.admins = this.profile.chatMemberLookup
      ? new AdminLookup(
          async (chatId, userId) => (await this.bot.telegram.getChatMember(chatId, Number(userId))).status,
          this.logger,
          options.adminCacheMs,
        )
      : undefined;
  }

  /** Connects (the token is checked with `getMe`), registers the command menus, then receives updates. */
  async start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    this.bot.use((ctx) => this.handleUpdate(ctx.update as WireUpdate, onEvent));
    this.bot.catch((error) => this.logger.error({ err: error }, 'telegram update failed'));
    const me = await this.bot.telegram.getMe();
    this.bot.botInfo = me;
    this.username = me.username;
    await this.registerCommandMenus();
    const webhook = this.options.webhook;
    if (webhook) {
      await this.startWebhook(webhook);
    } else if (this.options.pollingLeadership) {
      this.options.pollingLeadership.follow({
        lead: async () => this.startPolling(onEvent),
        resign: () => this.stopPolling(),
      });
    } else {
      this.startPolling(onEvent);
    }
    this.logger.info({ bot: me.username, mode: webhook ? 'webhook' : 'polling' }, 'telegram connected');
  }

  send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    return this.sender.send(chatId, message, hooks);
  }

  /** A file this bot received (a member's document or photo), fetched when another platform needs its bytes. */
  download(fileId: string, maxBytes: number): Promise<FileDownload> {
    return this.files.download(fileId, maxBytes);
  }

  /** Stops receiving (updates being handled finish); sends still waiting for their turn are put back. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.signalStopped();
      await this.webhookServer?.stop();
      await this.stopPolling();
    })();
    return this.stopping;
  }

  /**
   * Long polling of our own (see long-polling.ts): an update is confirmed to the platform once handled,
   * so what is not handled when the process stops comes again at the next start.
   */
  private startPolling(onEvent: (event: InboundEvent) => Promise<void>): void {
    if (this.stopping || this.polling) return;
    this.logger.info('telegram polling: this process polls');
    const polling = new LongPolling({
      api: this.bot.telegram,
      allowedUpdates: [...ALLOWED_UPDATES],
      // Not through telegraf's middleware, whose error handler would hide that an update failed.
      handle: (update) => this.handleUpdate(update, onEvent),
      logger: this.logger,
      ...(this.options.pollingConflictRetryMs !== undefined
        ? { conflictRetryMs: this.options.pollingConflictRetryMs }
        : {}),
    });
    this.polling = polling;
    // After the previous polling (a leader that resigned and leads again) has ended: two would handle
    // the same unconfirmed updates at once.
    this.pollingEnded = this.pollingEnded.then(() =>
      polling.run().catch((error: unknown) => {
        this.logger.error({ err: error }, 'telegram polling stopped');
      }),
    );
  }

  /** Ends the long polling; the updates being handled finish first, within a bound. */
  private async stopPolling(): Promise<void> {
    this.polling?.stop();
    this.polling = undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, POLLING_STOP_TIMEOUT_MS)));
    await Promise.race([this.pollingEnded, timeout]);
    clearTimeout(timer);
  }

  private async startWebhook(webhook: TelegramWebhookOptions): Promise<void> {
    this.webhookServer = new WebhookServer({
      port: webhook.port,
      ...(webhook.host ? { host: webhook.host } : {}),
      path: new URL(webhook.url).pathname,
      secretToken: webhook.secretToken,
      onUpdate: (update) => this.bot.handleUpdate(update as Parameters<Telegraf['handleUpdate']>[0]),
      logger: this.logger,
      ...(webhook.routes ? { routes: webhook.routes } : {}),
    });
    this.webhookPort = await this.webhookServer.start();
    await this.bot.telegram.setWebhook(webhook.url, {
      secret_token: webhook.secretToken,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  }

  private async handleUpdate(update: WireUpdate, onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    const { event, callbackQueryId } = updateToEvent(update, {
      platform: this.platform,
      username: this.username ?? '',
      ...(this.bot.botInfo ? { botId: this.bot.botInfo.id } : {}),
      membership: this.profile.membership,
      forumTopics: this.profile.forumTopics,
    });
    // Answered first: the client's spinner stops whatever the handler does, and however long it takes.
    // Not waited for before handling: a vote is stored a round trip sooner (bench/big-network.ts).
    const answered = callbackQueryId ? this.answerCallback(callbackQueryId) : undefined;
    try {
      if (!event) return;
      const { chat, actor } = event;
      if (this.admins && chat.kind === 'group' && actor.isChatAdmin === undefined && needsAdminStatus(event.payload)) {
        actor.isChatAdmin = await this.admins.isAdmin(chat.chatId, actor.userId);
      }
      await this.chats.run(chat.chatId, () => onEvent(event));
    } finally {
      await answered;
    }
  }

  private async answerCallback(id: string): Promise<void> {
    try {
      await this.bot.telegram.answerCbQuery(id);
    } catch (error) {
      // A redelivered press is too old to answer; nothing is lost.
      this.logger.debug({ err: error }, 'could not answer a button press');
    }
  }

  private async registerCommandMenus(): Promise<void> {
    // Bale has no `setMyCommands`: members see the commands in /help instead.
    if (!this.profile.commandMenu) return;
    for (const menu of this.options.commandMenus ?? []) {
      try {
        await this.bot.telegram.setMyCommands(menu.commands, {
          scope: menu.scope,
          ...(menu.languageCode ? { language_code: menu.languageCode } : {}),
        });
      } catch (error) {
        // The menu is a convenience: commands work without it.
        this.logger.warn({ err: error, scope: menu.scope.type, language: menu.languageCode }, 'command menu not set');
      }
    }
  }

  private deepLink(command: string): string | undefined {
    if (!this.username) return undefined;
    return `${this.options.deepLinkBase ?? this.profile.deepLinkBase}${this.username}?start=${command}`;
  }
}

/** The platform's word on who administers a group matters for commands, buttons and the bot's arrival. */
function needsAdminStatus(payload: EventPayload): boolean {
  return payload.type === 'command' || payload.type === 'action' || payload.type === 'membership';
}

/** telegraf resolves method paths against the root: without the slash, a root's own path would be dropped. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
