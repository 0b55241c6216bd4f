import type { App } from '../app.ts';
import type { Db } from '../db/prisma-client.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_LANGUAGE, languageFromHint } from '../i18n/languages.ts';
import { DiscordAdapter, type DiscordAdapterOptions } from '../adapters/discord/discord-adapter.ts';
import type { SlashCommandKit } from '../adapters/discord/slash-command-kit.ts';
import {
  autocompleteChoices,
  buildSlashCommandPayloads,
  commandTextFromModal,
  commandTextFromOptions,
  createAutocompleteSource,
  isSlashModalId,
  modalForCommand,
} from '../adapters/discord/slash-commands/index.ts';

/**
 * The Discord adapter for one app: its slash commands come from the app's router and locales, its
 * forms and suggestions from `slash-commands/`, and a member's language from the core's resolver.
 */
export function createDiscordAdapter(
  app: Pick<App, 'bot' | 'translator' | 'resolver' | 'services'>,
  db: Db,
  logger: Logger,
  options: Omit<DiscordAdapterOptions, 'logger' | 'kit'>,
): DiscordAdapter {
  const t = (language: Parameters<App['translator']['t']>[0], key: string, params?: Record<string, unknown>) =>
    app.translator.t(language, key, params);
  const kit: SlashCommandKit = {
    payloads: buildSlashCommandPayloads(app.bot.router.allCommands(), t),
    commandText: commandTextFromOptions,
    modalFor: (name, language) => modalForCommand(name, language, t),
    commandFromModal: (customId, fields) =>
      isSlashModalId(customId) ? commandTextFromModal(customId, fields) : undefined,
    autocomplete: (actor, chat, command, option, query) =>
      autocompleteChoices(
        command,
        option,
        query,
        createAutocompleteSource({ db, services: app.services }, actor, chat),
      ),
    async languageOf(actor, chat) {
      const { member, community } = await app.resolver.resolve(actor, chat);
      return member.language ?? community?.language ?? languageFromHint(actor.languageHint) ?? DEFAULT_LANGUAGE;
    },
    explain: (language, key, params) => app.translator.t(language, key, params),
  };
  return new DiscordAdapter({ ...options, logger, kit });
}
