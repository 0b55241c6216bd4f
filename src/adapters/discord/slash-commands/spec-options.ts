/**
 * The generic encoder and decoder between the core's command arguments (`core/command.ts`) and
 * Discord's typed options, as Satori does for Koishi: each argument is one option of the matching type
 * (a list argument is `name1` … `nameN`), and what Discord sends back becomes the argument values the
 * core checks. Nothing here knows a particular command.
 */
import {
  ApplicationCommandOptionType,
  type LocalizationMap,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type CommandInteractionOption,
} from 'discord.js';
import { argDescriptionKey, type ArgSpec, type ArgValues, type Choice } from '../../../core/command.ts';
import type { Language } from '../../../i18n/languages.ts';
import { MAX_DESCRIPTION, cutAtWord } from './discord-text-limits.ts';

/** Renders a locale key in a language: `Translator.t` fits. */
export type SlashTranslate = (language: Language, key: string, params?: Record<string, unknown>) => string;

/** Builds a localization map from a render per language (the payload builder's). */
export type Localize = (render: (language: Language) => string | undefined) => LocalizationMap;

/** The Discord option names of one argument: its own, or `name1` … `nameN` for a list. */
export function optionNames(arg: ArgSpec<never>): string[] {
  const list = 'list' in arg ? arg.list : undefined;
  return list ? Array.from({ length: list }, (_, i) => `${arg.name}${i + 1}`) : [arg.name];
}

/** The options of a command's arguments, required ones first (Discord's rule), each described in en, ru and vi. */
export function encodeArgs(
  command: string,
  args: readonly ArgSpec<never>[],
  t: SlashTranslate,
  localize: Localize,
): APIApplicationCommandBasicOption[] {
  const ordered = [...args.filter((a) => a.required), ...args.filter((a) => !a.required)];
  return ordered.flatMap((arg) =>
    optionNames(arg).map((name, i) => {
      const params = 'list' in arg && arg.list ? { ...arg.descriptionParams, n: i + 1 } : arg.descriptionParams;
      const describe = (language: Language) =>
        cutAtWord(t(language, argDescriptionKey(command, arg), params).trim(), MAX_DESCRIPTION);
      const common = {
        name,
        description: describe('en'),
        description_localizations: localize(describe),
        required: arg.required ?? false,
      };
      return encodeArg(arg, common, t, localize);
    }),
  );
}

type Common = Pick<APIApplicationCommandBasicOption, 'name' | 'description' | 'description_localizations' | 'required'>;

function encodeArg(
  arg: ArgSpec<never>,
  common: Common,
  t: SlashTranslate,
  localize: Localize,
): APIApplicationCommandBasicOption {
  const autocomplete = arg.suggest ? { autocomplete: true as const } : {};
  switch (arg.type) {
    case 'flag':
      return { ...common, type: ApplicationCommandOptionType.Boolean };
    case 'member':
      return { ...common, type: ApplicationCommandOptionType.User };
    case 'role':
      return { ...common, type: ApplicationCommandOptionType.Role };
    case 'integer':
    case 'meeting':
    case 'poll':
      return { ...common, type: ApplicationCommandOptionType.Integer, min_value: 1, ...autocomplete };
    case 'choice':
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        choices: arg.choices.map((choice) => encodeChoice(choice, t, localize)),
      };
    default: {
      const length = arg.maxLength ? { max_length: arg.maxLength } : {};
      return { ...common, type: ApplicationCommandOptionType.String, ...length, ...autocomplete };
    }
  }
}

function encodeChoice(
  choice: Choice,
  t: SlashTranslate,
  localize: Localize,
): APIApplicationCommandOptionChoice<string> {
  if ('label' in choice) return { name: choice.label, value: choice.value };
  return {
    name: cutAtWord(t('en', choice.labelKey), MAX_DESCRIPTION),
    name_localizations: localize((language) => cutAtWord(t(language, choice.labelKey), MAX_DESCRIPTION)),
    value: choice.value,
  };
}

/**
 * The values of a slash command's options by argument: a list's `name1` … `nameN` gathered in order,
 * a user option as the person it names (nickname first), a role option as the role. The core checks
 * types and lengths (`checkValues`); options the command does not declare are passed on for it to refuse.
 */
export function decodeOptions(
  args: readonly ArgSpec<never>[],
  options: readonly CommandInteractionOption[],
): ArgValues {
  const byName = new Map<string, CommandInteractionOption>();
  const visit = (list: readonly CommandInteractionOption[]) => {
    for (const option of list) {
      if (option.options) visit(option.options);
      else byName.set(option.name, option);
    }
  };
  visit(options);
  const values: ArgValues = {};
  for (const arg of args) {
    const names = optionNames(arg);
    if ('list' in arg && arg.list) {
      const texts = names.flatMap((name) => {
        const value = byName.get(name)?.value;
        return typeof value === 'string' ? [value] : [];
      });
      if (texts.length > 0) values[arg.name] = texts;
    } else {
      const option = byName.get(arg.name);
      const value = option && decodeOption(option);
      if (value !== undefined) values[arg.name] = value;
    }
    for (const name of names) byName.delete(name);
  }
  for (const [name, option] of byName) {
    if (option.value !== undefined) values[name] = option.value;
  }
  return values;
}

function decodeOption(option: CommandInteractionOption): ArgValues[string] | undefined {
  if (option.user) {
    const member = option.member as { displayName?: string; nick?: string | null } | null | undefined;
    const displayName = member?.nick ?? member?.displayName ?? option.user.globalName ?? option.user.username;
    return { userId: option.user.id, displayName };
  }
  if (option.role) return { id: option.role.id, name: option.role.name };
  return option.value;
}
