import type { BotCommand, BotCommandScope } from 'telegraf/types';
import type { CommandSpec } from '../../core/command.ts';
import type { Audience } from '../../core/roles.ts';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';

/** What the menu needs to know of a registered command: the router's `CommandSpec`. */
export type MenuCommand = Pick<CommandSpec<never>, 'name' | 'audience' | 'chats' | 'hidden' | 'description'>;

/** One `setMyCommands` call: a scope, a language (none: every language without its own list), the list. */
export interface CommandMenu {
  scope: BotCommandScope;
  languageCode?: Language;
  commands: BotCommand[];
}

/** Telegram's bound on a command's description. */
const MAX_DESCRIPTION = 256;

/** English is registered without a language code: it is what clients in every other language see. */
const DEFAULT_MENU_LANGUAGE: Language = 'en';

const forMembers = (audience: Audience): boolean => audience === 'anyone' || audience.includes('member');

/**
 * The scopes of the menu and who sees which commands there. A menu cannot be per person, so private
 * chats and group members see what any member may use; group admins see every group command (an admin
 * may do whatever a chair or curator may).
 */
const SCOPES: Array<{ scope: BotCommandScope; shows: (command: MenuCommand) => boolean }> = [
  { scope: { type: 'all_private_chats' }, shows: (c) => c.chats !== 'group' && forMembers(c.audience) },
  { scope: { type: 'all_group_chats' }, shows: (c) => c.chats !== 'private' && forMembers(c.audience) },
  { scope: { type: 'all_chat_administrators' }, shows: (c) => c.chats !== 'private' },
];

/**
 * The command menus to register, per scope and per language, described with the locales' `help.<name>`
 * texts (the same lines `/help` shows).
 */
export function buildCommandMenus(
  commands: readonly MenuCommand[],
  describe: (language: Language, command: MenuCommand) => string,
): CommandMenu[] {
  const visible = commands.filter((c) => !c.hidden);
  const menus: CommandMenu[] = [];
  for (const { scope, shows } of SCOPES) {
    for (const language of LANGUAGES) {
      const list = visible.filter(shows).map((c) => ({
        command: c.name,
        description: shorten(describe(language, c)),
      }));
      menus.push(
        language === DEFAULT_MENU_LANGUAGE
          ? { scope, commands: list }
          : { scope, languageCode: language, commands: list },
      );
    }
  }
  return menus;
}

function shorten(description: string): string {
  const text = description.trim();
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
