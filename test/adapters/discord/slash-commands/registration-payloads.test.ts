import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlashCommandBuilder } from 'discord.js';
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { buildSlashCommandPayloads } from '../../../../src/adapters/discord/slash-commands/index.ts';
import { fitDescription, cutAtWord } from '../../../../src/adapters/discord/slash-commands/discord-text-limits.ts';
import { Translator } from '../../../../src/i18n/translator.ts';
import { loadAllLocales } from '../../../../src/i18n/locale-files.ts';
import { argDescriptionKey } from '../../../../src/core/command.ts';
import { Harness } from '../../../support/harness.ts';

/** Discord's documented naming rule for commands and options. */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const DISCORD_LOCALES = new Set<string>(Object.values(Locale));

let harness: Harness;
let payloads: RESTPostAPIChatInputApplicationCommandsJSONBody[];
const translator = new Translator();

beforeAll(async () => {
  harness = await Harness.create();
  payloads = buildSlashCommandPayloads(harness.app.bot.router.allCommands(), (language, key, params) =>
    translator.t(language, key, params),
  );
});
afterAll(() => harness.close());

/** The payload rebuilt through discord.js's SlashCommandBuilder, whose setters and toJSON validate each field. */
function rebuild(json: RESTPostAPIChatInputApplicationCommandsJSONBody) {
  const builder = new SlashCommandBuilder()
    .setName(json.name)
    .setNameLocalizations(json.name_localizations ?? null)
    .setDescription(json.description)
    .setDescriptionLocalizations(json.description_localizations ?? null)
    .setContexts(...(json.contexts ?? []))
    .setIntegrationTypes(...(json.integration_types ?? []));
  if (json.default_member_permissions !== undefined)
    builder.setDefaultMemberPermissions(json.default_member_permissions);
  for (const option of (json.options ?? []) as APIApplicationCommandBasicOption[]) {
    const common = <T extends { setName(n: string): T; setDescription(d: string): T }>(o: T) =>
      o.setName(option.name).setDescription(option.description);
    const localized = <T extends { setDescriptionLocalizations(l: LocalizationMap | null): T }>(o: T) =>
      o.setDescriptionLocalizations(option.description_localizations ?? null);
    switch (option.type) {
      case ApplicationCommandOptionType.String:
        builder.addStringOption((o) => {
          localized(common(o)).setRequired(option.required ?? false);
          if (option.choices) o.addChoices(...option.choices);
          if (option.autocomplete) o.setAutocomplete(true);
          if (option.max_length !== undefined) o.setMaxLength(option.max_length);
          return o;
        });
        break;
      case ApplicationCommandOptionType.Integer:
        builder.addIntegerOption((o) => {
          localized(common(o)).setRequired(option.required ?? false);
          if (option.min_value !== undefined) o.setMinValue(option.min_value);
          if (option.autocomplete) o.setAutocomplete(true);
          return o;
        });
        break;
      case ApplicationCommandOptionType.Boolean:
        builder.addBooleanOption((o) => localized(common(o)).setRequired(option.required ?? false));
        break;
      case ApplicationCommandOptionType.User:
        builder.addUserOption((o) => localized(common(o)).setRequired(option.required ?? false));
        break;
      case ApplicationCommandOptionType.Role:
        builder.addRoleOption((o) => localized(common(o)).setRequired(option.required ?? false));
        break;
      default:
        throw new Error(`unexpected option type ${option.type} in /${json.name}`);
    }
  }
  return builder.toJSON();
}

/** Discord's size rule: names, descriptions and choice values, the longest localization of each counted. */
function commandSize(json: RESTPostAPIChatInputApplicationCommandsJSONBody): number {
  const longest = (base: string, localized?: LocalizationMap | null) =>
    Math.max(base.length, ...Object.values(localized ?? {}).map((text) => (text ?? '').length));
  let size = longest(json.name, json.name_localizations) + longest(json.description, json.description_localizations);
  for (const option of (json.options ?? []) as APIApplicationCommandBasicOption[]) {
    size +=
      longest(option.name, option.name_localizations) + longest(option.description, option.description_localizations);
    if ('choices' in option && option.choices) {
      for (const choice of option.choices)
        size += longest(choice.name, choice.name_localizations) + String(choice.value).length;
    }
  }
  return size;
}

function everyLocalization(json: RESTPostAPIChatInputApplicationCommandsJSONBody): LocalizationMap[] {
  const maps: LocalizationMap[] = [json.name_localizations ?? {}, json.description_localizations ?? {}];
  for (const option of (json.options ?? []) as APIApplicationCommandBasicOption[]) {
    maps.push(option.name_localizations ?? {}, option.description_localizations ?? {});
    if ('choices' in option && option.choices) for (const c of option.choices) maps.push(c.name_localizations ?? {});
  }
  return maps;
}

describe('slash command registration payloads', () => {
  it('GIVEN the router’s commands THEN each one is registered once, under its own name, in the router’s order', () => {
    const names = harness.app.bot.router.allCommands().map((c) => c.name);
    expect(payloads.map((p) => p.name)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['poll', 'meeting', 'setup', 'share', 'export']));
  });

  it('GIVEN every command THEN its name, description, options and choices are translated in all four languages', () => {
    // A key missing in one language falls back to English on Discord and logs a warning at every start.
    const locales = loadAllLocales();
    const missing: string[] = [];
    for (const command of harness.app.bot.router.allCommands()) {
      const keys = [`discord.command.${command.name}`];
      if (!command.description && !command.hidden) keys.push(`help.${command.name}`);
      for (const arg of command.args) {
        keys.push(argDescriptionKey(command.name, arg));
        if (arg.type === 'choice')
          for (const choice of arg.choices) if ('labelKey' in choice) keys.push(choice.labelKey);
      }
      for (const [language, messages] of Object.entries(locales)) {
        for (const key of keys) if (!(key in messages)) missing.push(`${language} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('GIVEN each payload THEN discord.js’s SlashCommandBuilder accepts it and rebuilds the same JSON', () => {
    for (const payload of payloads) {
      const rebuilt = rebuild(payload);
      expect({ options: [], ...JSON.parse(JSON.stringify(rebuilt)) }, payload.name).toEqual({
        options: [],
        ...payload,
      });
    }
  });

  it('GIVEN each payload THEN names, descriptions, option counts and order, choices and size are within Discord’s limits', () => {
    for (const payload of payloads) {
      const where = `/${payload.name}`;
      expect(payload.name, where).toMatch(NAME);
      expect(payload.name, where).toBe(payload.name.toLowerCase());
      expect(payload.description.length, where).toBeGreaterThan(0);
      expect(payload.description.length, where).toBeLessThanOrEqual(100);
      const options = (payload.options ?? []) as APIApplicationCommandBasicOption[];
      expect(options.length, where).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size, where).toBe(options.length);
      const firstOptional = options.findIndex((o) => !o.required);
      if (firstOptional >= 0)
        expect(
          options.slice(firstOptional).some((o) => o.required),
          where,
        ).toBe(false);
      for (const option of options) {
        expect(option.name, `${where} ${option.name}`).toMatch(NAME);
        expect(option.name).toBe(option.name.toLowerCase());
        expect(option.description.length, `${where} ${option.name}`).toBeGreaterThan(0);
        expect(option.description.length, `${where} ${option.name}`).toBeLessThanOrEqual(100);
        if ('choices' in option && option.choices) {
          expect(option.choices.length).toBeLessThanOrEqual(25);
          expect('autocomplete' in option && option.autocomplete, `${where} ${option.name}`).toBeFalsy();
          for (const choice of option.choices) {
            expect(choice.name.length).toBeGreaterThan(0);
            expect(choice.name.length).toBeLessThanOrEqual(100);
          }
        }
      }
      expect(commandSize(payload), where).toBeLessThanOrEqual(4000);
    }
  });

  it('GIVEN the localizations THEN only Discord locales, ru and vi only, each valid and no name used twice in a locale', () => {
    for (const payload of payloads) {
      for (const map of everyLocalization(payload)) {
        for (const [locale, text] of Object.entries(map)) {
          expect(DISCORD_LOCALES.has(locale), `/${payload.name} ${locale}`).toBe(true);
          expect(['ru', 'vi']).toContain(locale);
          expect((text ?? '').length, `/${payload.name} ${locale}`).toBeGreaterThan(0);
          expect((text ?? '').length, `/${payload.name} ${locale}`).toBeLessThanOrEqual(100);
        }
      }
      for (const locale of ['ru', 'vi'] as const) {
        const name = payload.name_localizations?.[locale];
        expect(name, `/${payload.name} ${locale}`).toMatch(NAME);
        expect(name).toBe(name!.toLocaleLowerCase(locale));
        expect(payload.description_localizations?.[locale], `/${payload.name} ${locale}`).toBeTruthy();
      }
    }
    for (const locale of ['ru', 'vi'] as const) {
      const names = payloads.map((p) => p.name_localizations?.[locale]);
      expect(new Set(names).size, locale).toBe(names.length);
    }
    expect(payloads.find((p) => p.name === 'poll')?.name_localizations).toEqual({ ru: 'опрос', vi: 'bình-chọn' });
  });

  it('GIVEN the commands’ audiences THEN only commands for server admins alone ask for Manage Server (community admins need not have it), and contexts follow where a command works', () => {
    for (const payload of payloads) {
      const { audience, chats } = harness.app.bot.router.commandNamed(payload.name)!;
      const adminOnly = audience !== 'anyone' && audience.every((role) => role === 'chat-admin');
      expect(payload.default_member_permissions, payload.name).toBe(
        adminOnly ? String(PermissionFlagsBits.ManageGuild) : undefined,
      );
      const contexts = {
        any: [InteractionContextType.Guild, InteractionContextType.BotDM],
        group: [InteractionContextType.Guild],
        private: [InteractionContextType.BotDM],
      }[chats];
      expect(payload.contexts, payload.name).toEqual(contexts);
    }
    // /setup serves both server admins (binding the channel) and community admins (the join code).
    expect(payloads.find((p) => p.name === 'setup')?.default_member_permissions).toBeUndefined();
    expect(payloads.find((p) => p.name === 'role')?.default_member_permissions).toBeUndefined();
    expect(payloads.find((p) => p.name === 'poll')?.default_member_permissions).toBeUndefined();
  });

  it('GIVEN options that point at meetings, polls, committees, zones THEN they autocomplete; fixed sets are choices', () => {
    const option = (command: string, name: string) =>
      (payloads.find((p) => p.name === command)?.options as APIApplicationCommandBasicOption[]).find(
        (o) => o.name === name,
      );
    for (const [command, name] of [
      ['ics', 'meeting'],
      ['cancel', 'meeting'],
      ['results', 'poll'],
      ['nudge', 'poll'],
      ['join', 'committee'],
      ['tz', 'zone'],
      ['meeting', 'committee'],
    ]) {
      expect(option(command!, name!), `${command} ${name}`).toMatchObject({ autocomplete: true });
    }
    expect(option('role', 'member')).toMatchObject({ type: ApplicationCommandOptionType.User, required: true });
    for (const name of ['chair_role', 'curator_role', 'unmap_role']) {
      expect(option('setup', name), name).toMatchObject({
        type: ApplicationCommandOptionType.Role,
        required: false,
        description_localizations: { ru: expect.any(String), vi: expect.any(String) },
      });
    }
    expect(option('setup', 'chair_role')?.description).toBe('members with this server role act as chairs');
    expect(option('lang', 'language')).toMatchObject({
      choices: expect.arrayContaining([
        { name: 'فارسی', name_localizations: { ru: 'فارسی', vi: 'فارسی' }, value: 'fa' },
      ]),
    });
    for (const flag of ['multi', 'anon', 'hide', 'everywhere']) {
      expect(option('poll', flag), flag).toMatchObject({ type: ApplicationCommandOptionType.Boolean });
    }
    expect(option('poll', 'choice10')).toMatchObject({
      description: 'answer 10',
      description_localizations: { ru: 'вариант 10' },
    });
  });
});

describe('fitting the /help lines into Discord’s descriptions', () => {
  it('GIVEN a usage example after “: /” THEN the example is dropped', () => {
    expect(fitDescription('join a committee: /join NAME', 'en')).toBe('Join a committee');
  });

  it('GIVEN a second clause after “;” THEN only the first is kept', () => {
    expect(fitDescription('stop what you started; chairs: /cancel ID cancels a meeting', 'en')).toBe(
      'Stop what you started',
    );
  });

  it('GIVEN a text over 100 characters with parentheses THEN they go first', () => {
    const russian =
      'до кого бот не может достучаться (заблокировали бота, не открыли личный чат, удалили бота из группы) и почему';
    expect(fitDescription(russian, 'ru')).toBe('До кого бот не может достучаться и почему');
  });

  it('GIVEN a long text without parentheses THEN it is cut at a word with an ellipsis, within 100', () => {
    const cut = cutAtWord('word '.repeat(40).trim(), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('word…')).toBe(true);
  });
});
