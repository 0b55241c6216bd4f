import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { CHAT_ADMIN, type Audience } from '../../../core/roles.ts';
import type { ChatScope, CommandSpec } from '../../../core/command.ts';
import type { Language } from '../../../i18n/languages.ts';
import { fitDescription, localizedName } from './discord-text-limits.ts';
import { encodeArgs, type SlashTranslate } from './spec-options.ts';

export type { SlashTranslate };

/** What a slash command is made from: the router's `CommandSpec`. */
export type SlashSourceCommand = Pick<
  CommandSpec<never>,
  'name' | 'audience' | 'chats' | 'hidden' | 'description' | 'args'
>;

/** Discord has no Persian client locale; these are the languages it can show besides English. */
const DISCORD_LOCALES = ['ru', 'vi'] as const satisfies readonly Language[];

/** Server admins see these commands; the bot still checks who may use them. */
const ADMIN_PERMISSIONS = String(PermissionFlagsBits.ManageGuild);

const CONTEXTS: Record<ChatScope, InteractionContextType[]> = {
  any: [InteractionContextType.Guild, InteractionContextType.BotDM],
  group: [InteractionContextType.Guild],
  private: [InteractionContextType.BotDM],
};

/**
 * The registration payload of every command the router knows (hidden ones too: a command Discord does
 * not know cannot be typed at all). Chair and curator commands stay visible to everyone, since those
 * roles are the bot's own; only admin-only commands ask Discord for Manage Server.
 */
export function buildSlashCommandPayloads(
  commands: readonly SlashSourceCommand[],
  t: SlashTranslate,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => buildPayload(command, t));
}

function buildPayload(command: SlashSourceCommand, t: SlashTranslate): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const options = encodeArgs(command.name, command.args, t, localizations);
  const descriptionKey = describedBy(command.name);
  const describe = (language: Language) => command.description?.[language] ?? t(language, descriptionKey);
  const payload: RESTPostAPIChatInputApplicationCommandsJSONBody = {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    name_localizations: localizations((language) =>
      localizedName(t(language, `discord.command.${command.name}`), language),
    ),
    description: fitDescription(describe('en'), 'en'),
    description_localizations: localizations((language) => fitDescription(describe(language), language)),
    contexts: CONTEXTS[command.chats],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
  if (isAdminOnly(command.audience)) payload.default_member_permissions = ADMIN_PERMISSIONS;
  if (options.length > 0) payload.options = options;
  return payload;
}

/**
 * Commands whose `/help` line does not hold on Discord (`/role` is given a user option there, not a
 * reply): their description is `discord.description.<name>`.
 */
const DISCORD_DESCRIPTIONS: ReadonlySet<string> = new Set(['role']);

function describedBy(name: string): string {
  return DISCORD_DESCRIPTIONS.has(name) ? `discord.description.${name}` : `help.${name}`;
}

/**
 * Only a command for the server's own administrators asks Discord for Manage Server. The community's
 * roles, admin included, are the bot's own (a community admin need not manage the server), so their
 * commands stay visible like chair's, and the bot refuses whoever lacks the role.
 */
function isAdminOnly(audience: Audience): boolean {
  return audience !== 'anyone' && audience.length > 0 && audience.every((role) => role === CHAT_ADMIN);
}

function localizations(render: (language: Language) => string | undefined): LocalizationMap {
  const map: LocalizationMap = {};
  for (const language of DISCORD_LOCALES) {
    const text = render(language);
    if (text) map[language] = text;
  }
  return map;
}
