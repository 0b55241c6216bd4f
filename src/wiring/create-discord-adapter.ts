import type { App } from '../app.ts';
import type { Db } from '../db/prisma-client.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_LANGUAGE, languageFromHint } from '../i18n/languages.ts';
import { DiscordAdapter, type DiscordAdapterOptions } from '../adapters/discord/discord-adapter.ts';
import { createAutocompleteSource, createSlashCommandKit } from '../adapters/discord/slash-commands/index.ts';

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
  const kit = createSlashCommandKit({
    commands: app.bot.router.allCommands(),
    t,
    suggest: (request) => app.bot.suggest(request),
    async languageOf(actor, chat) {
      const { member, community } = await app.resolver.resolve(actor, chat);
      return member.language ?? community?.language ?? languageFromHint(actor.languageHint) ?? DEFAULT_LANGUAGE;
    },
    legacySource: (actor, chat) => createAutocompleteSource({ db, services: app.services }, actor, chat),
  });
  return new DiscordAdapter({ ...options, logger, kit });
}
