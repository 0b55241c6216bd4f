import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { CommandSpec, Suggestion } from '../../../core/command.ts';
import type { SuggestionRequest } from '../../../core/suggestions.ts';
import type { Actor, ChatRef } from '../../../core/event.ts';
import type { Language } from '../../../i18n/languages.ts';
import type { CommandText, SlashCommandKit } from '../slash-command-kit.ts';
import { cutAtWord } from './discord-text-limits.ts';
import { buildSlashCommandPayloads } from './payload-builder.ts';
import { decodeOptions, type SlashTranslate } from './spec-options.ts';
import { formCommandName, modalForSpec, valuesFromForm } from './spec-modal.ts';

/** Discord shows at most 25 suggestions, each named in at most 100 characters, with values of at most 100. */
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;
const MAX_CHOICE_VALUE = 100;

/** What the kit is made from: the app's commands, its locales, its suggestions, its members' languages. */
export interface SlashKitParts {
  commands: readonly CommandSpec<never>[];
  t: SlashTranslate;
  suggest(request: SuggestionRequest): Promise<Suggestion[]>;
  languageOf(actor: Actor, chat: ChatRef): Promise<Language>;
}

/**
 * The Discord adapter's slash commands, generated from the command specs: registration payloads,
 * options decoded into typed values, forms, and suggestions from each argument's own `suggest`.
 */
export function createSlashCommandKit(parts: SlashKitParts): SlashCommandKit {
  const byName = new Map(parts.commands.map((command) => [command.name, command]));
  const named = (name: string | undefined) => (name === undefined ? undefined : byName.get(name));
  return {
    payloads: buildSlashCommandPayloads(parts.commands, parts.t),
    // A command Discord still knows but this version does not: the core answers it as unknown.
    commandText(name, options): CommandText {
      const command = named(name);
      return { name, options: command ? decodeOptions(command.args, options) : {} };
    },
    modalFor(name, language) {
      const command = named(name);
      return command ? modalForSpec(command, language, parts.t) : undefined;
    },
    commandFromModal(customId, fields) {
      const command = named(formCommandName(customId));
      return command?.form ? { name: command.name, options: valuesFromForm(command, fields) } : undefined;
    },
    async autocomplete(actor, chat, commandName, option, query) {
      const suggestions = await parts.suggest({ actor, chat, command: commandName, argument: option, query });
      return fitChoices(suggestions);
    },
    languageOf: (actor, chat) => parts.languageOf(actor, chat),
    explain: (language, key, params) => parts.t(language, key, params),
  };
}

/** Suggestions as Discord takes them: at most 25, labels cut at a word, values it can hold. */
function fitChoices(suggestions: readonly Suggestion[]): APIApplicationCommandOptionChoice[] {
  return suggestions
    .filter((s) => typeof s.value === 'number' || s.value.length <= MAX_CHOICE_VALUE)
    .slice(0, MAX_CHOICES)
    .map((s) => ({ name: cutAtWord(s.label, MAX_CHOICE_NAME), value: s.value }));
}
