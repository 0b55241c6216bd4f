import type { App } from '../../app.ts';
import type { Logger } from '../../logger.ts';
import { buildCommandMenus } from './command-menu.ts';
import { TelegramAdapter, type TelegramAdapterOptions } from './telegram-adapter.ts';

/** The Telegram adapter for one app: its command menus come from the app's router and locales. */
export function createTelegramAdapter(
  app: Pick<App, 'bot' | 'translator'>,
  logger: Logger,
  options: Omit<TelegramAdapterOptions, 'logger' | 'commandMenus'>,
): TelegramAdapter {
  const commandMenus = buildCommandMenus(app.bot.router.allCommands(), (language, command) =>
    app.translator.t(language, `help.${command}`),
  );
  return new TelegramAdapter({ ...options, logger, commandMenus });
}
