import type { App } from '../app.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_LANGUAGE, languageFromHint } from '../i18n/languages.ts';
import { DiscordAdapter, type DiscordAdapterOptions } from '../adapters/discord/discord-adapter.ts';
import { createSlashCommandKit } from '../adapters/discord/slash-commands/index.ts';

/**
 * The Discord adapter for one app: its slash commands, forms and suggestions are generated from the
 * app's command specs and locales, and a member's language comes from the core's resolver.
 */
export function createDiscordAdapter(
  app: Pick<App, 'bot' | 'translator' | 'resolver'>,
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
  });
  return new DiscordAdapter({ ...options, logger, kit });
}
