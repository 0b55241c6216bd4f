import type { App } from '../app.ts';
import type { Logger } from '../logger.ts';
import { describeCommand } from '../core/command.ts';
import { buildCommandMenus } from '../adapters/telegram/command-menu.ts';
import { TelegramAdapter, type TelegramAdapterOptions } from '../adapters/telegram/telegram-adapter.ts';

/** The Telegram adapter for one app: its command menus come from the app's router and locales. */
export function createTelegramAdapter(
  app: Pick<App, 'bot' | 'translator'>,
  logger: Logger,
  options: Omit<TelegramAdapterOptions, 'logger' | 'commandMenus'>,
): TelegramAdapter {
  const commandMenus = buildCommandMenus(app.bot.router.allCommands(), (language, command) =>
    describeCommand(command, language, (l, key) => app.translator.t(l, key)),
  );
  return new TelegramAdapter({ ...options, logger, commandMenus });
}
