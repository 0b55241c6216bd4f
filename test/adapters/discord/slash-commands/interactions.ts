import { ChatInputCommandInteraction, Client, type CommandInteractionOption } from 'discord.js';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  InteractionType,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataResolvedGuildMember,
  type APIRole,
  type RoleFlags,
  type GuildMemberFlags,
  type APIUser,
} from 'discord-api-types/v10';

/** A Discord user as the API sends it. */
export function apiUser(id: string, username: string, globalName: string | null = null): APIUser {
  return { id, username, discriminator: '0', global_name: globalName, avatar: null };
}

/** A server role as the API sends it in `resolved.roles`. */
export function apiRole(id: string, name: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 1,
    permissions: '0',
    managed: false,
    mentionable: true,
    flags: 0 as RoleFlags,
  };
}

/**
 * What a member filled in: a value per option name (a user option is given as `{ user, nick }`, a role
 * option as `{ role }`).
 */
export type FilledOptions = Record<
  string,
  string | number | boolean | { user: APIUser; nick?: string | null } | { role: APIRole }
>;

const client = new Client({ intents: [] });

/**
 * The options of a slash command as discord.js hands them to the adapter: a raw API interaction (the
 * shape Discord sends over the gateway) read by discord.js's own `ChatInputCommandInteraction`.
 */
export function filledOptions(commandName: string, filled: FilledOptions): readonly CommandInteractionOption[] {
  const users: Record<string, APIUser> = {};
  const members: Record<string, APIInteractionDataResolvedGuildMember> = {};
  const roles: Record<string, APIRole> = {};
  const options = Object.entries(filled).map(([name, value]) => {
    if (typeof value === 'object' && 'role' in value) {
      roles[value.role.id] = value.role;
      return { name, type: ApplicationCommandOptionType.Role, value: value.role.id };
    }
    if (typeof value === 'object') {
      users[value.user.id] = value.user;
      members[value.user.id] = {
        roles: [],
        nick: value.nick ?? null,
        joined_at: '2024-01-01T00:00:00Z',
        permissions: '0',
        flags: 0 as GuildMemberFlags,
        premium_since: null,
      };
      return { name, type: ApplicationCommandOptionType.User, value: value.user.id };
    }
    const type =
      typeof value === 'boolean'
        ? ApplicationCommandOptionType.Boolean
        : typeof value === 'number'
          ? ApplicationCommandOptionType.Integer
          : ApplicationCommandOptionType.String;
    return { name, type, value };
  });
  const raw = {
    id: '900',
    application_id: '901',
    type: InteractionType.ApplicationCommand,
    token: 'interaction-token',
    version: 1,
    locale: 'en-US',
    guild_id: '100',
    channel_id: '200',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    context: InteractionContextType.Guild,
    attachment_size_limit: 8_000_000,
    member: {
      user: apiUser('300', 'chair', 'Chair'),
      roles: [],
      permissions: '0',
      nick: null,
      joined_at: '2024-01-01T00:00:00Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: {
      id: '902',
      name: commandName,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(Object.keys(users).length > 0 || Object.keys(roles).length > 0
        ? { resolved: { users, members, roles } }
        : {}),
    },
  } as unknown as APIChatInputApplicationCommandInteraction;
  // discord.js's constructor is marked private in its typings; the gateway handler calls it like this.
  const Interaction = ChatInputCommandInteraction as unknown as new (
    client: Client,
    data: APIChatInputApplicationCommandInteraction,
  ) => ChatInputCommandInteraction;
  return new Interaction(client, raw).options.data;
}
