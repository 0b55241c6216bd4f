import { ChannelType, InteractionType, PermissionFlagsBits, SnowflakeUtil } from 'discord.js';

/**
 * Discord's wire objects (API v10) as the gateway and the REST API send them, reduced to the fields
 * discord.js reads. Tests build people, guilds and channels with these, and the fake answers with them.
 */

export type Wire = Record<string, unknown>;

let lastSnowflake = 0n;

/** A fresh snowflake (its timestamp is now), strictly increasing within the process. */
export function snowflake(): string {
  let next = SnowflakeUtil.generate();
  if (next <= lastSnowflake) next = lastSnowflake + 1n;
  lastSnowflake = next;
  return String(next);
}

export interface FakeUser {
  id: string;
  username: string;
  globalName?: string;
  bot?: boolean;
  /** The Discord client's language (`en-US`, `ru`, `vi`): interactions carry it. */
  locale?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  guildId: string;
  /** Set for a thread: the channel it belongs to. */
  parentId?: string;
}

/** A server role (beyond @everyone, whose id is the guild's). */
export interface FakeRole {
  id: string;
  name: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** The server's roles besides @everyone (GUILD_CREATE sends them all). */
  roles: FakeRole[];
  /** Active threads (GUILD_CREATE sends them apart from the channels). */
  threads: FakeChannel[];
  /** Members sent with GUILD_CREATE (as a large server sends them to a bot that asks). */
  memberCount: number;
}

export function person(username: string, options: Partial<Omit<FakeUser, 'username'>> = {}): FakeUser {
  return { id: options.id ?? snowflake(), username, ...options };
}

export function userObject(user: FakeUser): Wire {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

/** What "Manage Server" and ordinary members may do, as the permission bit strings Discord sends. */
export const ADMIN_PERMISSIONS = String(
  PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
);
export const MEMBER_PERMISSIONS = String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel);

/** A member as Discord sends it; `roles` are the ids of their server roles (never @everyone's). */
export function memberObject(user: FakeUser, permissions?: string, roles: readonly string[] = []): Wire {
  return {
    user: userObject(user),
    nick: null,
    roles: [...roles],
    joined_at: new Date(0).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    ...(permissions !== undefined ? { permissions } : {}),
  };
}

export function guildChannelObject(channel: FakeChannel): Wire {
  if (channel.parentId) {
    return {
      id: channel.id,
      type: ChannelType.PublicThread,
      name: channel.name,
      guild_id: channel.guildId,
      parent_id: channel.parentId,
      owner_id: '1',
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date(0).toISOString(),
        locked: false,
      },
    };
  }
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    name: channel.name,
    guild_id: channel.guildId,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function dmChannelObject(id: string, recipient: FakeUser): Wire {
  return { id, type: ChannelType.DM, last_message_id: null, recipients: [userObject(recipient)], flags: 0 };
}

/** A guild with `channelCount` text channels, named for a test or numbered for a bench. */
export function makeGuild(name: string, channelNames: string[] = ['general'], memberCount = 1): FakeGuild {
  const id = snowflake();
  const channels = channelNames.map((c) => ({ id: snowflake(), name: c, guildId: id }));
  return { id, name, channels, roles: [], threads: [], memberCount };
}

/** A role added to the guild (before the bot connects, so that GUILD_CREATE carries it). */
export function addRole(guild: FakeGuild, name: string): FakeRole {
  const role = { id: snowflake(), name };
  guild.roles.push(role);
  return role;
}

/** A role as Discord sends it (in GUILD_CREATE, and in a role option's `resolved.roles`). */
export function roleObject(role: FakeRole, position = 1): Wire {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    hoist: false,
    position,
    permissions: '0',
    managed: false,
    mentionable: true,
    flags: 0,
  };
}

/** A thread opened under one of the guild's channels. */
export function addThread(guild: FakeGuild, parent: FakeChannel, name: string): FakeChannel {
  const thread = { id: snowflake(), name, guildId: guild.id, parentId: parent.id };
  guild.threads.push(thread);
  return thread;
}

/** GUILD_CREATE's payload; members beyond the bot are made up (numbered) to fill `memberCount`. */
export function guildCreatePayload(guild: FakeGuild, bot: FakeUser): Wire {
  const members: Wire[] = [memberObject(bot)];
  for (let i = 1; i < guild.memberCount; i++) {
    members.push(memberObject({ id: `${guild.id.slice(0, 12)}${String(i).padStart(6, '0')}`, username: `member${i}` }));
  }
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: members.length > 1 ? (members[1]!.user as Wire).id : bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        color: 0,
        hoist: false,
        position: 0,
        permissions: MEMBER_PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      ...guild.roles.map((role, index) => roleObject(role, index + 1)),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date(0).toISOString(),
    large: guild.memberCount > 50,
    unavailable: false,
    member_count: guild.memberCount,
    voice_states: [],
    members,
    channels: guild.channels.map(guildChannelObject),
    threads: guild.threads.map(guildChannelObject),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/**
 * Where an interaction or a message happens: a guild channel (with the actor's permissions and the ids
 * of their server roles there) or a DM.
 */
export type Place =
  { guild: FakeGuild; channel: FakeChannel; permissions?: string; roles?: readonly string[] } | { dmChannelId: string };

export interface InteractionPayload extends Wire {
  id: string;
  token: string;
  channel_id: string;
}

function interactionBase(
  type: InteractionType,
  applicationId: string,
  user: FakeUser,
  place: Place,
): InteractionPayload {
  const id = snowflake();
  const common = {
    id,
    application_id: applicationId,
    type,
    token: `interaction-token-${id}`,
    version: 1,
    locale: user.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    app_permissions: ADMIN_PERMISSIONS,
  };
  if ('dmChannelId' in place) {
    return {
      ...common,
      channel_id: place.dmChannelId,
      channel: { id: place.dmChannelId, type: ChannelType.DM, recipients: [userObject(user)] },
      user: userObject(user),
      context: 1,
      authorizing_integration_owners: { '0': '0' },
    };
  }
  return {
    ...common,
    guild_id: place.guild.id,
    guild_locale: 'en-US',
    channel_id: place.channel.id,
    channel: guildChannelObject(place.channel),
    member: memberObject(user, place.permissions ?? MEMBER_PERMISSIONS, place.roles),
    context: 0,
    authorizing_integration_owners: { '0': place.guild.id },
  };
}

/** One option of a slash command as Discord sends it (`type` from ApplicationCommandOptionType). */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
}

export function slashCommand(
  applicationId: string,
  user: FakeUser,
  place: Place,
  name: string,
  options: CommandOption[] = [],
  resolved?: Wire,
): InteractionPayload {
  return {
    ...interactionBase(InteractionType.ApplicationCommand, applicationId, user, place),
    data: { id: snowflake(), name, type: 1, options, ...(resolved ? { resolved } : {}) },
  };
}

export function autocomplete(
  applicationId: string,
  user: FakeUser,
  place: Place,
  name: string,
  options: CommandOption[],
): InteractionPayload {
  return {
    ...interactionBase(InteractionType.ApplicationCommandAutocomplete, applicationId, user, place),
    data: { id: snowflake(), name, type: 1, options },
  };
}

/** A press of a button (`values` absent) or a choice in a select menu, on a message the bot sent. */
export function componentPress(
  applicationId: string,
  user: FakeUser,
  place: Place,
  message: Wire,
  customId: string,
  values?: string[],
): InteractionPayload {
  return {
    ...interactionBase(InteractionType.MessageComponent, applicationId, user, place),
    message,
    data: values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 },
  };
}

export function modalSubmit(
  applicationId: string,
  user: FakeUser,
  place: Place,
  customId: string,
  fields: Record<string, string>,
): InteractionPayload {
  return {
    ...interactionBase(InteractionType.ModalSubmit, applicationId, user, place),
    data: {
      custom_id: customId,
      // The current form: each text input inside a label (type 18), as modals built with labels submit.
      components: Object.entries(fields).map(([id, value], index) => ({
        type: 18,
        id: index * 2 + 1,
        component: { type: 4, id: index * 2 + 2, custom_id: id, value },
      })),
    },
  };
}

export interface AttachmentSpec {
  filename: string;
  contentType: string;
  /** What Discord says the file weighs: the length of `bytes` unless a test says otherwise, else 1234. */
  size?: number;
  /** What the fake's CDN serves for it (see `contentOf`); made up from `size` when absent. */
  bytes?: Buffer;
}

/** The bytes of attachments `userMessage` made: beside the wire object, which the gateway sends as JSON. */
const attachmentBytes = new WeakMap<Wire, Buffer>();

/** The content a test gave an attachment of `userMessage`, if it gave one. */
export function contentOf(attachment: Wire): Buffer | undefined {
  return attachmentBytes.get(attachment);
}

/** A message a person writes (MESSAGE_CREATE's payload). */
export function userMessage(
  user: FakeUser,
  place: Place,
  content: string,
  attachments: AttachmentSpec[] = [],
  mentions: FakeUser[] = [],
): Wire {
  const id = snowflake();
  const channelId = 'dmChannelId' in place ? place.dmChannelId : place.channel.id;
  return {
    id,
    channel_id: channelId,
    // Discord says what kind of channel it is: discord.js needs it to emit a DM it has not cached.
    channel_type: 'guild' in place ? ChannelType.GuildText : ChannelType.DM,
    ...('guild' in place ? { guild_id: place.guild.id, member: memberObject(user, undefined, place.roles) } : {}),
    author: userObject(user),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: mentions.map(userObject),
    mention_roles: [],
    attachments: attachments.map((a) => {
      const attachmentId = snowflake();
      const wire: Wire = {
        id: attachmentId,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size ?? a.bytes?.length ?? 1234,
        // The fake's `dispatchMessage` links them to its own CDN.
        url: `https://cdn.discordapp.com/attachments/${channelId}/${attachmentId}/${a.filename}?ex=1&is=1&hm=x`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${attachmentId}/${a.filename}`,
      };
      if (a.bytes) attachmentBytes.set(wire, a.bytes);
      return wire;
    }),
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  };
}
