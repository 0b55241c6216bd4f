import type { Config } from '../config.ts';

/**
 * The platform adapters' wiring, each loaded only for a platform the bot has a token for: discord.js and
 * telegraf with what they pull in are hundreds of modules and tens of MB of resident memory that a bot
 * without that platform never needs.
 */
export const loadTelegramWiring = () => import('./create-telegram-adapter.ts');
export const loadDiscordWiring = () => import('./create-discord-adapter.ts');

/** Whether the config connects Telegram or Bale (one adapter serves both), and Discord. */
export function configuredPlatforms(config: Config): { telegram: boolean; discord: boolean } {
  return {
    telegram: Boolean(config.TELEGRAM_BOT_TOKEN || config.BALE_BOT_TOKEN),
    discord: Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID),
  };
}

/** Starts loading the wiring of every configured platform; the later loads get the same modules. */
export function preloadPlatformWiring(config: Config): Promise<unknown> {
  const platforms = configuredPlatforms(config);
  return Promise.all([
    platforms.telegram ? loadTelegramWiring() : undefined,
    platforms.discord ? loadDiscordWiring() : undefined,
  ]);
}
