import type {
  APIApplicationCommandOptionChoice,
  APIModalInteractionResponseCallbackData,
  CommandInteractionOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Actor, ChatRef, CommandOptionValue } from '../../core/event.ts';
import type { Language } from '../../i18n/languages.ts';

/** A slash command or a submitted form as the core's command: its typed values by argument name. */
export interface CommandText {
  name: string;
  options: Record<string, CommandOptionValue>;
}

/**
 * What the adapter needs from the slash-command definitions (`slash-commands/`) and the core, given
 * to it by `create-discord-adapter.ts`: the adapter itself knows neither the commands nor the database.
 */
export interface SlashCommandKit {
  /** Registered at start (`PUT /applications/{id}/commands`, or the guild's commands). */
  payloads: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** A slash command's options as the command's typed values; may throw a `UserError` (answered in the member's language). */
  commandText(name: string, options: readonly CommandInteractionOption[]): CommandText;
  /** The form a command opens when called without options, or undefined. */
  modalFor(name: string, language: Language): APIModalInteractionResponseCallbackData | undefined;
  /** A submitted form's command, or undefined for a form the kit does not know. */
  commandFromModal(customId: string, fields: Record<string, string>): CommandText | undefined;
  /** Suggestions while an option is typed, from this member's community only. */
  autocomplete(
    actor: Actor,
    chat: ChatRef,
    command: string,
    option: string,
    query: string,
  ): Promise<APIApplicationCommandOptionChoice[]>;
  /** The member's language as the core knows it (Discord has no Persian client locale). */
  languageOf(actor: Actor, chat: ChatRef): Promise<Language>;
  /** A `UserError`'s text in that language. */
  explain(language: Language, key: string, params: Record<string, unknown>): string;
}
