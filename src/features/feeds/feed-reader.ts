import { DEFAULT_LANGUAGE, isLanguage } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import type { Reader } from '../meetings/meeting-text.ts';

type Settings = { language: string | null; calendar: string | null; timeZone: string | null };

/** A member's own settings where set, else their community's: how their reminders read, and their feed. */
export function readerSettings(member: Settings, community: Settings): Reader {
  const language = [member.language, community.language].find(isLanguage) ?? DEFAULT_LANGUAGE;
  const calendar: CalendarName = (member.calendar ?? community.calendar) === 'persian' ? 'persian' : 'gregorian';
  return { language, calendar, timeZone: member.timeZone ?? community.timeZone ?? 'UTC' };
}
