/**
 * `/holidays`: the community's days off and quiet hours, when report-round reminders are not sent.
 *   /holidays [YEAR]                      anyone: the year's days off, in the reader's calendar
 *   /holidays add DATE [name]             admin: DATE as /meeting reads one (1405/01/01, ۱ فروردین ۱۴۰۶, 2027-03-21)
 *   /holidays remove DATE                 admin
 *   /holidays country IR|VN|RU|none       admin: whose public holidays count
 *   /holidays quiet 21:00-08:00 | off     admin
 * On Discord each form is its own option (`add` with `name`, `remove`, `country`, `quiet`, `year`).
 */
import { Temporal } from 'temporal-polyfill';
import { UserError } from '../../core/errors.ts';
import type { ValuesOf } from '../../core/command.ts';
import { checkAudience } from '../../core/router.ts';
import { gregorianToJalali } from '../../i18n/calendars/jalali.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { localizeDigits, toLatinDigits } from '../../i18n/digits.ts';
import { Rendered } from '../../i18n/translator.ts';
import { cleanDateText } from '../../i18n/when-date-forms.ts';
import { normalizeWhenInput } from '../../i18n/when-normalize.ts';
import { parseWhen } from '../../i18n/when-parser.ts';
import { readWhen } from '../when-input.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { dayIn } from '../rounds/round-period.ts';
import { HOLIDAY_COUNTRIES, type HolidayCountry } from './holiday-defaults.ts';
import { MAX_HOLIDAY_NAME, type HolidayEntry } from './holiday-service.ts';

const ADMIN = ['admin'] as const;
const MAX_DATE_INPUT = 60;
/** The most words a typed date takes (`۱ فروردین ماه ۱۴۰۶`): the rest of the line is the name. */
const MAX_DATE_WORDS = 5;

const COUNTRY_CHOICES = [...HOLIDAY_COUNTRIES, 'none'].map((value) => ({
  value,
  labelKey: `holidays.country.${value}`,
}));

const HOLIDAYS_ARGS = [
  { name: 'year', type: 'integer', descriptionKey: 'holidays.option.year' },
  { name: 'add', type: 'when', maxLength: MAX_DATE_INPUT, descriptionKey: 'holidays.option.add' },
  { name: 'name', type: 'text', maxLength: MAX_HOLIDAY_NAME, descriptionKey: 'holidays.option.name' },
  { name: 'remove', type: 'when', maxLength: MAX_DATE_INPUT, descriptionKey: 'holidays.option.remove' },
  { name: 'country', type: 'choice', choices: COUNTRY_CHOICES, descriptionKey: 'holidays.option.country' },
  { name: 'quiet', type: 'text', maxLength: 30, descriptionKey: 'holidays.option.quiet' },
] as const satisfies readonly FeatureArg[];

/** The date at the start of `/holidays add`'s text and the name after it (`|` may separate them). */
export function splitDateAndName(text: string): { date: string; name?: string } {
  const bar = text.indexOf('|');
  if (bar >= 0) {
    const name = text.slice(bar + 1).trim();
    return { date: text.slice(0, bar).trim(), ...(name ? { name } : {}) };
  }
  const words = text.trim().split(/\s+/);
  // The longest run of first words that reads as a date without a time: `1 Farvardin 1406 Nowruz`. A
  // word the date parser skips as filler (`روز`, `day`…) ends no date: `۱۴۰۵/۰۵/۱۰ روز کتابدار` is named
  // `روز کتابدار`.
  for (let n = Math.min(words.length, MAX_DATE_WORDS); n >= 1; n -= 1) {
    if (cleanDateText(normalizeWhenInput(words[n - 1]!)) === '') continue;
    const date = words.slice(0, n).join(' ');
    const read = parseWhen(date, { timeZone: 'UTC', now: new Date() });
    if (read.ok && !read.hasTime) {
      const name = words.slice(n).join(' ');
      return { date, ...(name ? { name } : {}) };
    }
  }
  return { date: text.trim() };
}

type HolidaysValues = ValuesOf<typeof HOLIDAYS_ARGS>;

function parseHolidaysText(text: string): HolidaysValues {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const year = toLatinDigits(trimmed);
  if (/^\d{4}$/.test(year)) return { year: Number(year) };
  const [word = '', ...restWords] = trimmed.split(/\s+/);
  const rest = restWords.join(' ');
  switch (word.toLowerCase()) {
    case 'add': {
      if (rest === '') throw new UserError('holidays.usage');
      const { date, name } = splitDateAndName(rest);
      return { add: date, ...(name ? { name } : {}) };
    }
    case 'remove':
      if (rest === '') throw new UserError('holidays.usage');
      return { remove: rest };
    case 'country': {
      const value = rest.trim().toUpperCase();
      const country = value === 'NONE' ? 'none' : value;
      if (!COUNTRY_CHOICES.some((c) => c.value === country))
        throw new UserError('holidays.country-invalid', { value: rest });
      return { country };
    }
    case 'quiet':
      if (rest === '') throw new UserError('holidays.usage');
      return { quiet: rest };
    default:
      throw new UserError('holidays.usage');
  }
}

export const holidaysCommand = featureCommand({
  name: 'holidays',
  audience: ['member'],
  chats: 'any',
  args: HOLIDAYS_ARGS,
  parse: (text) => parseHolidaysText(text),
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const forms = (['year', 'add', 'remove', 'country', 'quiet'] as const).filter((k) => values[k] !== undefined);
    if (forms.length > 1) throw new UserError('holidays.usage');
    if (values.name !== undefined && values.add === undefined) throw new UserError('holidays.usage');
    const [form] = forms;
    if (form === undefined || form === 'year') return listHolidays(ctx, values.year);
    checkAudience(ADMIN, ctx, `/holidays ${form}`);
    switch (form) {
      case 'add':
        return addHoliday(ctx, community.id, values.add!, values.name);
      case 'remove':
        return removeHoliday(ctx, community.id, values.remove!);
      case 'country':
        return setCountry(ctx, community.id, values.country!);
      case 'quiet':
        return setQuiet(ctx, community.id, values.quiet!);
    }
  },
});

export function registerHolidayCommands(router: AppRouter): void {
  router.command(holidaysCommand);
}

/** An ISO day as the reader writes dates: `۱ فروردین ۱۴۰۵`, `21 March 2026`. */
function showDay(ctx: Ctx, day: string): string {
  return formatDate(new Date(`${day}T12:00:00Z`), { language: ctx.language, calendar: ctx.calendar, timeZone: 'UTC' });
}

function showMinute(ctx: Ctx, minute: number): string {
  const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return localizeDigits(hhmm, ctx.language);
}

/** The year the reader is in, in their calendar (a Jalali year for a Jalali reader). */
function currentYear(ctx: Ctx): number {
  const today = Temporal.PlainDate.from(dayIn(new Date(), ctx.timeZone));
  return ctx.calendar === 'persian' ? gregorianToJalali(today.year, today.month, today.day).year : today.year;
}

function entryLine(ctx: Ctx, entry: HolidayEntry): string {
  const name = entry.names.length > 0 ? entry.names.join(' / ') : ctx.t('holidays.unnamed');
  return ctx.t(entry.source === 'added' ? 'holidays.line-added' : 'holidays.line', {
    day: showDay(ctx, entry.day),
    name,
  });
}

async function listHolidays(ctx: Ctx, year: number | undefined): Promise<void> {
  const community = ctx.requireCommunity();
  const shownYear = year ?? currentYear(ctx);
  if (shownYear < 1300 || shownYear > 2999) throw new UserError('holidays.year-invalid', { year: String(shownYear) });
  const [settings, entries] = await Promise.all([
    ctx.services.holidays.settings(community.id),
    ctx.services.holidays.list(community.id, shownYear, ctx.language),
  ]);
  const params = {
    // A string, not a number: ICU would group a number's digits (2,026); fa gets Persian digits anyway.
    year: String(shownYear),
    source: ctx.t(`holidays.source.${settings.country ?? 'none'}`),
    quiet:
      settings.quietStartMinute === settings.quietEndMinute
        ? ctx.t('holidays.quiet-none')
        : ctx.t('holidays.quiet-range', {
            start: showMinute(ctx, settings.quietStartMinute),
            end: showMinute(ctx, settings.quietEndMinute),
          }),
  };
  if (entries.length === 0) return ctx.reply('holidays.list-empty', params);
  const list = entries.map((entry) => entryLine(ctx, entry)).join('\n');
  await ctx.reply('holidays.list', { ...params, list: new Rendered(list) });
}

/** A typed date as an ISO day of the reader's zone; a time typed with it is ignored. */
function readDay(ctx: Ctx, input: string): string {
  const { start } = readWhen(input, { language: ctx.language, timeZone: ctx.timeZone, calendar: ctx.calendar });
  return dayIn(start, ctx.timeZone);
}

async function addHoliday(ctx: Ctx, communityId: number, input: string, name: string | undefined): Promise<void> {
  const day = readDay(ctx, input);
  const outcome = await ctx.services.holidays.add(communityId, day, name ?? null, ctx.member.id);
  await ctx.reply(`holidays.${outcome}`, { day: showDay(ctx, day), name: name?.trim() ?? '' });
}

async function removeHoliday(ctx: Ctx, communityId: number, input: string): Promise<void> {
  const day = readDay(ctx, input);
  const outcome = await ctx.services.holidays.remove(communityId, day, ctx.member.id);
  await ctx.reply(`holidays.${outcome}`, { day: showDay(ctx, day) });
}

async function setCountry(ctx: Ctx, communityId: number, value: string): Promise<void> {
  const country = value === 'none' ? null : (value as HolidayCountry);
  await ctx.services.holidays.setCountry(communityId, country, ctx.member.id);
  await ctx.reply('holidays.country-set', { source: ctx.t(`holidays.source.${country ?? 'none'}`) });
}

const QUIET_RANGE = /^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$/;
const QUIET_OFF = new Set(['off', 'none', 'no', 'خاموش', 'هیچ', 'tắt', 'không', 'выкл', 'нет']);

/** `21:00-08:00`, `21-8`, `۲۱:۰۰–۰۸:۰۰` → minutes of the day; `off` → none (start = end). */
export function parseQuietHours(input: string): { startMinute: number; endMinute: number } | null {
  const text = toLatinDigits(input.normalize('NFKC'))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (QUIET_OFF.has(text)) return { startMinute: 0, endMinute: 0 };
  const match = QUIET_RANGE.exec(text);
  if (!match) return null;
  const minute = (h: string | undefined, m: string | undefined) => {
    const hour = Number(h);
    const min = Number(m ?? 0);
    if (hour > 24 || min > 59 || (hour === 24 && min > 0)) return null;
    return (hour * 60 + min) % (24 * 60);
  };
  const startMinute = minute(match[1], match[2]);
  const endMinute = minute(match[3], match[4]);
  return startMinute === null || endMinute === null ? null : { startMinute, endMinute };
}

async function setQuiet(ctx: Ctx, communityId: number, input: string): Promise<void> {
  const quiet = parseQuietHours(input);
  if (!quiet) throw new UserError('holidays.quiet-invalid', { input: input.trim() });
  await ctx.services.holidays.setQuietHours(communityId, quiet.startMinute, quiet.endMinute, ctx.member.id);
  if (quiet.startMinute === quiet.endMinute) return ctx.reply('holidays.quiet-off');
  await ctx.reply('holidays.quiet-set', {
    start: showMinute(ctx, quiet.startMinute),
    end: showMinute(ctx, quiet.endMinute),
  });
}
