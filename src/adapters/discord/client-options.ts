import { GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';

/**
 * What the bot asks the gateway for. Slash commands, buttons, select menus and forms arrive as
 * interactions, which need no intent at all. Multi-step flows (a story told over several messages,
 * survey answers, attachments) need the member's messages: in DMs Discord sends their content without
 * the privileged Message Content intent, and in a server it does for messages that mention the bot.
 * So no privileged intent: Guilds (servers, channels, the bot's permissions), GuildMessages (a
 * message that mentions the bot) and DirectMessages.
 */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
] as const;

/** How often cached users and members not needed any more are swept (seconds). */
const SWEEP_INTERVAL_S = 600;

/**
 * The discord.js client's options: the intents above, caches kept small (the bot reads who acts from
 * each interaction and sends by id through REST, so it needs no cached messages, members, presences
 * or emojis), and REST pointed at `api` when set (a proxy, or a test's fake; the gateway URL comes
 * from that API's `GET /gateway/bot`).
 */
export function discordClientOptions(options: { api?: string; requestTimeoutMs?: number }): ClientOptions {
  return {
    intents: [...DISCORD_INTENTS],
    // DM channels are not cached until someone writes: without this partial, DMs are never emitted.
    partials: [Partials.Channel],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      DMMessageManager: 0,
      GuildMessageManager: 0,
      // Only the bot's own member: discord.js reads its permissions from it.
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      ApplicationEmojiManager: 0,
      ApplicationCommandManager: 0,
      AutoModerationRuleManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      EntitlementManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: SWEEP_INTERVAL_S, filter: () => (user) => user.id !== user.client.user.id },
      guildMembers: { interval: SWEEP_INTERVAL_S, filter: () => (member) => member.id !== member.client.user.id },
    },
    rest: {
      ...(options.api ? { api: options.api } : {}),
      timeout: options.requestTimeoutMs ?? 15_000,
      // A failed request comes back to the outbox, which retries with backoff: discord.js would
      // repeat a 5xx at once (a 429 it still waits out itself, per route, as Discord asks).
      retries: 0,
    },
  };
}
