import { once } from 'node:events';
import {
  Client,
  Events,
  RESTEvents,
  Routes,
  type AutocompleteInteraction,
  type Interaction,
  type Message,
  type RepliableInteraction,
} from 'discord.js';
import { registerSecret, type Logger } from '../../logger.ts';
import type { PlatformAdapter, SendHooks, SendResult } from '../../core/adapter.ts';
import type { InboundEvent, OutboundMessage } from '../../core/event.ts';
import type { FileDownload, FileSource, UploadLimit } from '../../core/stored-files.ts';
import { isUserError } from '../../core/errors.ts';
import { languageFromHint, DEFAULT_LANGUAGE } from '../../i18n/languages.ts';
import { ChatQueue } from '../chat-queue.ts';
import { ChannelSender, DISCORD_MAX_UPLOAD_BYTES } from './channel-sender.ts';
import { discordClientOptions } from './client-options.ts';
import { DiscordSender } from './discord-sender.ts';
import {
  actorOfInteraction,
  chatOfInteraction,
  DISCORD_PLATFORM,
  interactionEvent,
  interactionPayload,
} from './interaction-to-event.ts';
import { escapeText } from './message-renderer.ts';
import { messageEvents } from './message-to-event.ts';
import { interactionScope, PendingInteraction } from './pending-interaction.ts';
import type { SlashCommandKit } from './slash-command-kit.ts';
import type { Leadership } from '../../ops/polling-leader.ts';

export interface DiscordAdapterOptions {
  token: string;
  applicationId: string;
  /** Set: commands are registered in this server only (at once, for development); unset: globally. */
  guildId?: string;
  /** Discord's REST API base (`https://discord.com/api` by default): a proxy, or a test's fake. */
  api?: string;
  kit: SlashCommandKit;
  logger: Logger;
  /** Defer an interaction not answered after this long (Discord allows 3 s for the first answer). */
  deferAfterMs?: number;
  requestTimeoutMs?: number;
  /**
   * Several processes on one database: only the holder connects to the gateway (Discord would send
   * every interaction to each connection, and two processes racing to answer one interaction fail).
   * The others send through REST. Unset: this process connects at start.
   */
  gatewayLeadership?: Leadership;
}

/** How long a clean stop waits for the events being handled. */
const STOP_GRACE_MS = 5_000;

/**
 * Commands that run step by step in a DM instead of opening their form: there a member can tell a story
 * over several messages and send files with it, which a form cannot take. In a server the form opens.
 */
const GUIDED_IN_DM = new Set(['share']);

/**
 * The bot on Discord: interactions (slash commands, buttons, menus, forms) and the messages flows
 * read become neutral events, handled one channel at a time in order; outbound messages complete the
 * interaction they answer, or go to the channel by REST. Only this folder knows discord.js.
 */
export class DiscordAdapter implements PlatformAdapter, FileSource, UploadLimit {
  readonly platform = DISCORD_PLATFORM;
  readonly maxUploadBytes = DISCORD_MAX_UPLOAD_BYTES;
  private readonly client: Client;
  private readonly sender: DiscordSender;
  private readonly channels: ChannelSender;
  private readonly logger: Logger;
  private readonly chats = new ChatQueue();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;
  private connected = false;

  constructor(private readonly options: DiscordAdapterOptions) {
    registerSecret(options.token);
    this.logger = options.logger.child({ platform: DISCORD_PLATFORM });
    this.client = new Client(
      discordClientOptions({
        ...(options.api ? { api: options.api } : {}),
        ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      }),
    );
    // REST works without the gateway: a process that does not hold the gateway still sends.
    this.client.rest.setToken(options.token);
    this.channels = new ChannelSender(this.client.rest);
    this.sender = new DiscordSender(this.channels, this.logger, () => Boolean(this.stopping));
  }

  /** Registers the commands, then connects (REST `GET /gateway/bot`, the gateway) and waits for every server. */
  async start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    const { client, logger } = this;
    client.on(Events.InteractionCreate, (interaction) => this.track(this.onInteraction(interaction, onEvent)));
    client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message, onEvent)));
    client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
    client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
    client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'discord gateway closed for good'));
    client.rest.on(RESTEvents.RateLimited, (info) =>
      logger.info(
        { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
        'discord rate limit: waiting',
      ),
    );
    const leadership = this.options.gatewayLeadership;
    if (leadership) {
      await this.registerCommands();
      leadership.follow({ lead: () => this.connect(), resign: () => this.disconnect() });
      logger.info('discord: sending by REST; the gateway connects while this process holds the role');
      return;
    }
    await this.connect();
    await this.registerCommands();
  }

  private async connect(): Promise<void> {
    if (this.stopping || this.connected) return;
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(this.options.token);
    await ready;
    this.connected = true;
    this.logger.info({ bot: this.client.user?.username, servers: this.client.guilds.cache.size }, 'discord connected');
  }

  private async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.client.destroy();
    // `destroy` forgets the token; REST keeps sending this process's messages.
    this.client.rest.setToken(this.options.token);
  }

  send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    return this.sender.send(chatId, message, hooks);
  }

  /**
   * A file a member sent (`channel/message/attachment`), fetched when another platform needs its bytes:
   * by REST, so a process that does not hold the gateway fetches it too.
   */
  download(fileId: string, maxBytes: number): Promise<FileDownload> {
    return this.channels.download(fileId, maxBytes);
  }

  /** Stops taking new events, lets those being handled finish (bounded), then closes the gateway. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.client.removeAllListeners(Events.InteractionCreate).removeAllListeners(Events.MessageCreate);
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
      if (this.options.gatewayLeadership) await this.options.gatewayLeadership.stop();
      await this.disconnect();
      await this.client.destroy();
    })();
    return this.stopping;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async registerCommands(): Promise<void> {
    const { applicationId, guildId, kit } = this.options;
    const route = guildId
      ? Routes.applicationGuildCommands(applicationId, guildId)
      : Routes.applicationCommands(applicationId);
    try {
      await this.client.rest.put(route, { body: kit.payloads });
      this.logger.info(
        { commands: kit.payloads.length, scope: guildId ? 'guild' : 'global' },
        'slash commands registered',
      );
    } catch (error) {
      // Commands registered by an earlier start keep working; the bot runs on.
      this.logger.error({ err: error }, 'slash commands not registered');
    }
  }

  private async onInteraction(
    interaction: Interaction,
    onEvent: (event: InboundEvent) => Promise<void>,
  ): Promise<void> {
    try {
      if (interaction.isAutocomplete()) return await this.suggest(interaction);
      if (!interaction.isRepliable()) return;
      if (await this.openedModal(interaction)) return;
      const pending = new PendingInteraction(interaction, this.logger);
      pending.arm(this.options.deferAfterMs);
      await interactionScope.run(pending, async () => {
        let payload;
        try {
          payload = interactionPayload(interaction, this.options.kit);
        } catch (error) {
          if (!isUserError(error)) throw error;
          return this.answerUserError(pending, error.key, error.params);
        }
        if (!payload) return this.answerUnknown(pending);
        const event = interactionEvent(interaction, payload);
        if (event.chat.kind === 'group') await this.addPrivateChat(event);
        await this.chats.run(event.chat.chatId, () => onEvent(event));
      });
    } catch (error) {
      this.logger.error({ err: error, interaction: interaction.id }, 'discord interaction failed');
    }
  }

  /**
   * The DM channel with the person, opened by the bot (Discord allows it with anyone who shares a
   * server with it): a private answer, a reminder or a survey reaches them without their writing to
   * the bot first. If it cannot be opened, the core answers as on Telegram: with a link to the DM.
   */
  private async addPrivateChat(event: InboundEvent): Promise<void> {
    try {
      event.actor.privateChatId = await this.channels.dmChannelOf(event.actor.userId);
    } catch (error) {
      this.logger.debug({ err: error }, 'could not open a DM channel');
    }
  }

  /**
   * `/share` or `/meeting` without options opens its form; the form's submission is the command. In a
   * DM, `/share` runs guided instead (see `GUIDED_IN_DM`).
   */
  private async openedModal(interaction: RepliableInteraction): Promise<boolean> {
    if (!interaction.isChatInputCommand() || interaction.options.data.length > 0) return false;
    if (!interaction.inGuild() && GUIDED_IN_DM.has(interaction.commandName)) return false;
    const language = await this.options.kit.languageOf(actorOfInteraction(interaction), chatOfInteraction(interaction));
    const modal = this.options.kit.modalFor(interaction.commandName, language);
    if (!modal) return false;
    await interaction.showModal(modal);
    return true;
  }

  /** A value the core cannot take as typed: the member hears why, privately, in their language. */
  private async answerUserError(
    pending: PendingInteraction,
    key: string,
    params: Record<string, unknown>,
  ): Promise<void> {
    const { kit } = this.options;
    const interaction = pending.interaction;
    const language = await kit
      .languageOf(actorOfInteraction(interaction), chatOfInteraction(interaction))
      .catch(() => languageFromHint(interaction.locale) ?? DEFAULT_LANGUAGE);
    const part = { content: escapeText(kit.explain(language, key, params)), components: [], files: [] };
    // Through the pending interaction: it may have been deferred meanwhile.
    const delivery = await pending.deliver(part, { ephemeral: true });
    if (!delivery.delivered)
      this.logger.warn({ interaction: interaction.id }, 'could not tell a member why their command was refused');
  }

  /** A component the adapter did not make (an old message's): acknowledged, nothing runs. */
  private async answerUnknown(pending: PendingInteraction): Promise<void> {
    const interaction = pending.interaction;
    if (!interaction.isMessageComponent()) return; // a form: the clock defers it
    pending.disarm();
    await interaction.deferUpdate();
  }

  private async suggest(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const choices = await this.options.kit
      .autocomplete(
        actorOfInteraction(interaction),
        chatOfInteraction(interaction),
        interaction.commandName,
        focused.name,
        String(focused.value),
      )
      .catch((error: unknown) => {
        this.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
        return [];
      });
    await interaction.respond(choices);
  }

  private async onMessage(message: Message, onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    const botId = this.client.user?.id;
    if (!botId) return;
    try {
      for (const event of messageEvents(message, botId)) {
        await this.chats.run(event.chat.chatId, () => onEvent(event));
      }
    } catch (error) {
      this.logger.error({ err: error, message: message.id }, 'discord message failed');
    }
  }
}
