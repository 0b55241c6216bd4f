import { isolate } from '../i18n/bidi.ts';
import type { Language } from '../i18n/languages.ts';

/** A command with its Latin arguments, as locale texts name them (`/dashboard sessions`, `/mydata`). */
const COMMAND = /(?<![\w/])\/[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)*/g;

/**
 * A translated text for a page. In a right-to-left paragraph a command's leading `/` is a neutral that
 * takes the paragraph's direction, so `/mydata` would show as `mydata/`: in Persian each command (with
 * its Latin arguments) is isolated as one left-to-right unit.
 */
export function pageText(text: string, language: Language): string {
  return language === 'fa' ? text.replace(COMMAND, (command) => isolate(command)) : text;
}
