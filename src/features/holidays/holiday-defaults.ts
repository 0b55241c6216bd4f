/**
 * The public holidays a community gets without typing them: Iran's, Vietnam's or Russia's, from the
 * maintained `date-holidays` package (pinned in package.json), never from a table typed here. Only its
 * `public` days count: days off by law, not observances.
 *
 * Checked against date-holidays 3.37.0 for 2026–2028 (test/features/holidays/holidays.test.ts):
 * Nowruz (1–4 Farvardin) and Sizdah Bedar (13 Farvardin) agree with jalaali-js's calendar; Tết comes as
 * the eve (`Giao thừa`, a five-day span) and the first day; Russia's New Year holidays are 1–8 January
 * (1 January, the 2–6 January span, 7 and 8 January). Nothing had to be added by rule. Russia's yearly
 * government decree that moves weekend days (which often lengthens the January holidays) follows no rule
 * and is not in the package: admins add such days with `/holidays add`.
 */
import { createRequire } from 'node:module';
import type HolidaysModule from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { Temporal } from 'temporal-polyfill';
import type { Language } from '../../i18n/languages.ts';

export const HOLIDAY_COUNTRIES = ['IR', 'VN', 'RU'] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

export function isHolidayCountry(value: unknown): value is HolidayCountry {
  return typeof value === 'string' && (HOLIDAY_COUNTRIES as readonly string[]).includes(value);
}

/** Whose holidays a community speaking this language gets until an admin says otherwise. */
export function defaultCountryFor(language: Language): HolidayCountry | null {
  switch (language) {
    case 'fa':
      return 'IR';
    case 'vi':
      return 'VN';
    case 'ru':
      return 'RU';
    case 'en':
      return null;
  }
}

/** One public holiday on one day: a holiday of several days is one entry per day. */
export interface DefaultHoliday {
  /** ISO yyyy-mm-dd. */
  day: string;
  name: string;
}

const MS_PER_DAY = 86_400_000;

/**
 * A holiday's name as people type it. The Iranian data writes some names in Arabic presentation forms
 * (`ﻣﺒﻌﺚ`), which NFKC turns into ordinary letters; `اﷲ` (alef and the ligature of Allah) would come out
 * with a doubled alef, so the alef goes first; Arabic kaf and yeh become Persian ones.
 */
export function normalizeHolidayName(name: string): string {
  return name
    .replace(/\u0627\ufdf2/g, '\ufdf2')
    .normalize('NFKC')
    .replace(/ك/g, 'ک')
    .replace(/[يى]/g, 'ی')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * date-holidays, required on the first use rather than imported: with its calendars and astronomy it is
 * some 130 modules, which a bot needs only when a community first asks for its holidays.
 */
let holidaysClass: typeof HolidaysModule | undefined;
function newHolidays(country: HolidayCountry, options?: HolidaysTypes.Options): HolidaysModule {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysModule;
  return new holidaysClass(country, options);
}

const calendars = new Map<string, HolidaysModule>();

/** The country's own language names its holidays unless the package has them in the reader's. */
function holidaysOf(country: HolidayCountry, language: Language | undefined): HolidaysModule {
  const probe = calendars.get(country) ?? newHolidays(country);
  calendars.set(country, probe);
  const languages = probe.getLanguages();
  const chosen = language && languages.includes(language) ? language : (languages[0] ?? 'en');
  const key = `${country}|${chosen}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = newHolidays(country, { languages: chosen, types: ['public'] });
    calendars.set(key, calendar);
  }
  return calendar;
}

const byYear = new Map<string, readonly DefaultHoliday[]>();

/**
 * The country's public holidays that the package lists under a Gregorian year, one entry per day and
 * name (a span such as Tết's eve, five days, is spread over its days, which may reach into the next
 * year), sorted by day.
 */
export function defaultHolidays(country: HolidayCountry, year: number, language?: Language): DefaultHoliday[] {
  const key = `${country}|${year}|${language ?? ''}`;
  let list = byYear.get(key);
  if (!list) {
    const seen = new Set<string>();
    const found: DefaultHoliday[] = [];
    for (const holiday of holidaysOf(country, language).getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      const name = normalizeHolidayName(holiday.name);
      // `date` is the local day the holiday starts (`2026-01-02 00:00:00 -0600` for one that begins at
      // the evening before); start and end are instants, whose distance counts its days.
      const first = Temporal.PlainDate.from(holiday.date.slice(0, 10));
      const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY));
      for (let i = 0; i < days; i += 1) {
        const day = first.add({ days: i }).toString();
        if (seen.has(`${day}|${name}`)) continue;
        seen.add(`${day}|${name}`);
        found.push({ day, name });
      }
    }
    list = found.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    byYear.set(key, list);
  }
  return [...list];
}

/** The country's public holidays from `fromDay` to `toDay` (ISO days, both included). */
export function defaultHolidaysBetween(
  country: HolidayCountry,
  fromDay: string,
  toDay: string,
  language?: Language,
): DefaultHoliday[] {
  const firstYear = Number(fromDay.slice(0, 4));
  const lastYear = Number(toDay.slice(0, 4));
  const found: DefaultHoliday[] = [];
  const seen = new Set<string>();
  // The year before too: a span listed under it may reach into this one.
  for (let year = firstYear - 1; year <= lastYear; year += 1) {
    for (const holiday of defaultHolidays(country, year, language)) {
      const key = `${holiday.day}|${holiday.name}`;
      if (holiday.day < fromDay || holiday.day > toDay || seen.has(key)) continue;
      seen.add(key);
      found.push(holiday);
    }
  }
  return found;
}
