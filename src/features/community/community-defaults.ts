import type { Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';

/** A new community's settings guessed from its founder's language; `/setup` changes them. */
export function defaultsForLanguage(language: Language): { timeZone: string; calendar: CalendarName } {
  switch (language) {
    case 'fa':
      return { timeZone: 'Asia/Tehran', calendar: 'persian' };
    case 'vi':
      return { timeZone: 'Asia/Ho_Chi_Minh', calendar: 'gregorian' };
    case 'ru':
      return { timeZone: 'Europe/Moscow', calendar: 'gregorian' };
    case 'en':
      return { timeZone: 'UTC', calendar: 'gregorian' };
  }
}

/** Zones offered as buttons by `/tz` and `/setup`: where the networks we serve live. */
export const SUGGESTED_TIME_ZONES = [
  'Asia/Tehran',
  'Asia/Ho_Chi_Minh',
  'Asia/Novokuznetsk',
  'Europe/Moscow',
  'Asia/Novosibirsk',
  'UTC',
] as const;
