/**
 * A community's days off and quiet hours: the rules behind `/holidays` and the predicate report-round
 * reminders consult (see rounds/quiet-hours.ts).
 *
 * Days off = the public holidays of the community's country (holiday-defaults.ts) + the days its admins
 * added − the default days its admins took off. The country is `Community.holidayCountry`, read this way:
 *   - `IR`, `VN`, `RU`: that country's public holidays;
 *   - `none`: no country's (an admin said `/holidays country none`); only the days added by hand;
 *   - null: the country of the community's language (fa → IR, vi → VN, ru → RU, en → none), decided when
 *     read. A community set up in Persian has Iran's holidays without anything written at /setup, and
 *     follows its language if an admin changes that, until an admin picks a country.
 */
import { UserError } from '../../core/errors.ts';
import { jalaliToGregorian } from '../../i18n/calendars/jalali.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import { addDays } from '../rounds/round-period.ts';
import {
  defaultCountryFor,
  defaultHolidaysBetween,
  isHolidayCountry,
  type DefaultHoliday,
  type HolidayCountry,
} from './holiday-defaults.ts';
import type { HolidayChangeRow, HolidayRepository, HolidaySettingsRow } from './holiday-repository.ts';

/** What `holidayCountry` holds when an admin chose no country's holidays (null means "the language's"). */
const NO_COUNTRY = 'none';
export const MAX_HOLIDAY_NAME = 100;
const MINUTES_PER_DAY = 24 * 60;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A 4-digit year below this is a Jalali year (as the date parser reads years). */
const FIRST_GREGORIAN_YEAR = 1700;

export interface HolidaySettings {
  /** The country whose public holidays count, as decided now; null: none. */
  country: HolidayCountry | null;
  /** Whether that country follows the community's language (no admin chose one). */
  followsLanguage: boolean;
  quietStartMinute: number;
  quietEndMinute: number;
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

/** One day off of a year's list. */
export interface HolidayEntry {
  /** ISO yyyy-mm-dd. */
  day: string;
  /** The public holiday's names, or the name an admin gave (empty when they gave none). */
  names: string[];
  source: 'default' | 'added';
}

export type AddOutcome = 'added' | 'renamed' | 'restored' | 'already';
export type RemoveOutcome = 'removed' | 'not-a-holiday';

function settingsOf(row: HolidaySettingsRow): HolidaySettings {
  const language = isLanguage(row.language) ? row.language : DEFAULT_LANGUAGE;
  const stored = row.holidayCountry;
  const followsLanguage = stored === null;
  const country = stored === null ? defaultCountryFor(language) : isHolidayCountry(stored) ? stored : null;
  return {
    country,
    followsLanguage,
    quietStartMinute: row.quietStartMinute,
    quietEndMinute: row.quietEndMinute,
    language,
    timeZone: row.timeZone,
    calendar: row.calendar === 'persian' ? 'persian' : 'gregorian',
  };
}

function requireIsoDay(day: string): void {
  if (!ISO_DAY.test(day)) throw new RangeError(`not an ISO day: ${day}`);
}

/** The ISO days of a year: a Jalali year (below 1700: `1405` = 21 March 2026 … 20 March 2027) or a Gregorian one. */
export function yearDays(year: number): { fromDay: string; toDay: string } {
  if (year < FIRST_GREGORIAN_YEAR) {
    const iso = (y: number) => {
      const g = jalaliToGregorian(y, 1, 1);
      return `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
    };
    return { fromDay: iso(year), toDay: addDays(iso(year + 1), -1) };
  }
  return { fromDay: `${year}-01-01`, toDay: `${year}-12-31` };
}

export class HolidayService {
  constructor(private readonly repo: HolidayRepository) {}

  async settings(communityId: number): Promise<HolidaySettings> {
    const row = await this.repo.findSettings(communityId);
    if (!row) throw new UserError('error.no-community-group');
    return settingsOf(row);
  }

  /**
   * Whether a day is off, as a synchronous predicate over the days `fromDay`…`toDay` loaded now (ISO,
   * both included). A reminder moved off holidays may go up to 60 days further: load that far. Outside
   * the window only the country's defaults are known, and the predicate answers with those.
   */
  async isHolidayFn(communityId: number, fromDay: string, toDay: string): Promise<(isoDay: string) => boolean> {
    requireIsoDay(fromDay);
    requireIsoDay(toDay);
    const settings = await this.settings(communityId);
    const changes = await this.repo.findChanges(communityId, fromDay, toDay);
    const days = new Set<string>();
    if (settings.country) {
      for (const holiday of defaultHolidaysBetween(settings.country, fromDay, toDay)) days.add(holiday.day);
    }
    for (const change of changes) {
      if (change.removed) days.delete(change.day);
      else days.add(change.day);
    }
    const country = settings.country;
    return (isoDay) => {
      if (isoDay >= fromDay && isoDay <= toDay) return days.has(isoDay);
      return country !== null && defaultHolidaysBetween(country, isoDay, isoDay).length > 0;
    };
  }

  /**
   * The community's days off in a year (`1405`: a Jalali year; `2026`: a Gregorian one), sorted, with the
   * public holidays' names in `language` where the holidays package has them.
   */
  async list(communityId: number, year: number, language?: Language): Promise<HolidayEntry[]> {
    const { fromDay, toDay } = yearDays(year);
    const settings = await this.settings(communityId);
    const changes = await this.repo.findChanges(communityId, fromDay, toDay);
    const entries = new Map<string, HolidayEntry>();
    const defaults = settings.country
      ? defaultHolidaysBetween(settings.country, fromDay, toDay, language ?? settings.language)
      : [];
    for (const { day, name } of defaults) {
      const entry = entries.get(day) ?? { day, names: [], source: 'default' as const };
      if (!entry.names.includes(name)) entry.names.push(name);
      entries.set(day, entry);
    }
    for (const change of changes) {
      if (change.removed) entries.delete(change.day);
      else entries.set(change.day, { day: change.day, names: change.name ? [change.name] : [], source: 'added' });
    }
    return [...entries.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  /**
   * Makes a day a day off. A default day an admin took off is restored; a day already off stays as it
   * is (an added day gets the new name, if one is given).
   */
  async add(communityId: number, day: string, name: string | null, actorId: number | null = null): Promise<AddOutcome> {
    requireIsoDay(day);
    const label = name?.replace(/\s+/g, ' ').trim() || null;
    if (label && [...label].length > MAX_HOLIDAY_NAME) throw new UserError('error.too-long', { max: MAX_HOLIDAY_NAME });
    const { isDefault, change } = await this.dayState(communityId, day);
    if (isDefault) {
      if (!change?.removed) return 'already';
      if (label) await this.repo.saveChange(communityId, { day, name: label, removed: false }, actorId);
      else await this.repo.deleteChange(communityId, day, actorId, 'holiday.restore');
      return 'restored';
    }
    if (change && !change.removed) {
      if (!label || label === change.name) return 'already';
      await this.repo.saveChange(communityId, { day, name: label, removed: false }, actorId);
      return 'renamed';
    }
    await this.repo.saveChange(communityId, { day, name: label, removed: false }, actorId);
    return 'added';
  }

  /** Takes a day off the list: a default day is recorded as taken off, an added one forgotten. */
  async remove(communityId: number, day: string, actorId: number | null = null): Promise<RemoveOutcome> {
    requireIsoDay(day);
    const { isDefault, change } = await this.dayState(communityId, day);
    if (isDefault && !change?.removed) {
      await this.repo.saveChange(communityId, { day, name: null, removed: true }, actorId);
      return 'removed';
    }
    if (!isDefault && change && !change.removed) {
      await this.repo.deleteChange(communityId, day, actorId, 'holiday.remove');
      return 'removed';
    }
    return 'not-a-holiday';
  }

  /** The country whose public holidays count; null: none (only the days admins add). */
  async setCountry(communityId: number, country: HolidayCountry | null, actorId: number | null = null): Promise<void> {
    await this.repo.setCountry(communityId, country ?? NO_COUNTRY, actorId);
  }

  /** Quiet hours in minutes of the day (0–1439); start = end turns them off. */
  async setQuietHours(
    communityId: number,
    startMinute: number,
    endMinute: number,
    actorId: number | null = null,
  ): Promise<void> {
    const valid = (m: number) => Number.isInteger(m) && m >= 0 && m < MINUTES_PER_DAY;
    if (!valid(startMinute) || !valid(endMinute)) throw new RangeError('quiet hours are minutes of a day');
    await this.repo.setQuietHours(communityId, { startMinute, endMinute }, actorId);
  }

  /**
   * What rounds/quiet-hours.ts needs for a community, over a window of days: its quiet hours and its
   * days off (see `isHolidayFn`). The zone is the recipient's, given by the caller.
   */
  async quietRules(
    communityId: number,
    fromDay: string,
    toDay: string,
  ): Promise<{ quietStartMinute: number; quietEndMinute: number; isHoliday: (isoDay: string) => boolean }> {
    const [settings, isHoliday] = await Promise.all([
      this.settings(communityId),
      this.isHolidayFn(communityId, fromDay, toDay),
    ]);
    return { quietStartMinute: settings.quietStartMinute, quietEndMinute: settings.quietEndMinute, isHoliday };
  }

  private async dayState(
    communityId: number,
    day: string,
  ): Promise<{ isDefault: boolean; change: HolidayChangeRow | null }> {
    const [settings, change] = await Promise.all([this.settings(communityId), this.repo.findChange(communityId, day)]);
    const defaults: DefaultHoliday[] = settings.country ? defaultHolidaysBetween(settings.country, day, day) : [];
    return { isDefault: defaults.length > 0, change };
  }
}
