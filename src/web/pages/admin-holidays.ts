import { Temporal } from 'temporal-polyfill';
import { UserError } from '../../core/errors.ts';
import { parseQuietHours } from '../../features/holidays/holiday-commands.ts';
import { HOLIDAY_COUNTRIES, isHolidayCountry } from '../../features/holidays/holiday-defaults.ts';
import { MAX_HOLIDAY_NAME } from '../../features/holidays/holiday-service.ts';
import { dayIn } from '../../features/rounds/round-period.ts';
import { readWhen } from '../../features/when-input.ts';
import { gregorianToJalali } from '../../i18n/calendars/jalali.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { localizeDigits, toLatinDigits } from '../../i18n/digits.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';
import { refusalOf } from './chair-common.ts';

const DAY_OUTCOMES = ['added', 'renamed', 'restored', 'already', 'removed', 'not-a-holiday'] as const;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface HolidaysProblem {
  form: 'add' | 'country' | 'quiet';
  message: string;
  values?: Record<string, string>;
}

/**
 * The community's days off and quiet hours, when report reminders are not sent: `/holidays` and its
 * admin forms through the same HolidayService. The year is the viewer's (a Jalali year for a Jalali
 * reader), days are shown in their calendar, and a date is typed as `/holidays add` reads one.
 */
export function registerAdminHolidayPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/holidays',
    role: 'admin',
    handler: (page) => holidaysPage(page),
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/holidays/add',
    role: 'admin',
    async handler(page) {
      const values = { date: page.field('date') ?? '', name: page.field('name') ?? '' };
      let day = '';
      let outcome = '';
      const problem = await refusalOf(page, async () => {
        if (!values.date.trim()) throw new UserError('web.admin.holidays.date-missing');
        day = readDay(page, values.date);
        outcome = await page.services.holidays.add(page.community.id, day, values.name || null, page.member.id);
      });
      if (problem) return holidaysPage(page, { form: 'add', message: problem, values });
      await page.audit('web.holiday.add', { day, name: values.name.trim() || null, outcome });
      return page.redirect(page.communityPath(`/admin/holidays?year=${yearOf(page, day)}&done=${outcome}&day=${day}`));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/holidays/remove',
    role: 'admin',
    async handler(page) {
      const day = page.field('day') ?? '';
      if (!ISO_DAY.test(day)) page.notFound();
      const outcome = await page.services.holidays.remove(page.community.id, day, page.member.id);
      await page.audit('web.holiday.remove', { day, outcome });
      return page.redirect(page.communityPath(`/admin/holidays?year=${yearOf(page, day)}&done=${outcome}&day=${day}`));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/holidays/country',
    role: 'admin',
    async handler(page) {
      const value = page.field('country') ?? '';
      const country = isHolidayCountry(value) ? value : null;
      if (value !== 'none' && !country) page.notFound();
      await page.services.holidays.setCountry(page.community.id, country, page.member.id);
      await page.audit('web.holiday.country', { country: value });
      return page.redirect(page.communityPath('/admin/holidays?done=country'));
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/admin/holidays/quiet',
    role: 'admin',
    async handler(page) {
      const input = page.field('quiet') ?? '';
      const quiet = parseQuietHours(input);
      if (!quiet) {
        return holidaysPage(page, {
          form: 'quiet',
          message: page.t('holidays.quiet-invalid', { input: input.trim() }),
          values: { quiet: input },
        });
      }
      await page.services.holidays.setQuietHours(page.community.id, quiet.startMinute, quiet.endMinute, page.member.id);
      await page.audit('web.holiday.quiet', quiet);
      return page.redirect(page.communityPath('/admin/holidays?done=quiet'));
    },
  });
}

async function holidaysPage(page: Page, problem?: HolidaysProblem): Promise<PageResult> {
  const asked = Number(toLatinDigits(page.query('year') ?? ''));
  const year = Number.isInteger(asked) && asked >= 1300 && asked <= 2999 ? asked : currentYear(page);
  const [settings, entries] = await Promise.all([
    page.services.holidays.settings(page.community.id),
    page.services.holidays.list(page.community.id, year, page.language),
  ]);
  const quietRange =
    settings.quietStartMinute === settings.quietEndMinute
      ? ''
      : `${hhmm(settings.quietStartMinute)}-${hhmm(settings.quietEndMinute)}`;
  return page.render(
    'admin-holidays',
    {
      title: page.t('web.admin.holidays.title'),
      adminNav: adminNav(page, 'holidays'),
      base: page.communityPath(''),
      done: problem ? null : doneText(page, settings),
      problem: problem ?? null,
      year: localizeDigits(String(year), page.language),
      yearValue: year,
      previous: page.communityPath(`/admin/holidays?year=${year - 1}`),
      next: page.communityPath(`/admin/holidays?year=${year + 1}`),
      previousLabel: page.t('web.admin.holidays.year', { year: localizeDigits(String(year - 1), page.language) }),
      nextLabel: page.t('web.admin.holidays.year', { year: localizeDigits(String(year + 1), page.language) }),
      source: page.t(`holidays.source.${settings.country ?? 'none'}`),
      quiet:
        quietRange === ''
          ? page.t('holidays.quiet-none')
          : page.t('holidays.quiet-range', {
              start: localizeDigits(hhmm(settings.quietStartMinute), page.language),
              end: localizeDigits(hhmm(settings.quietEndMinute), page.language),
            }),
      entries: entries.map((entry) => ({
        day: entry.day,
        shown: showDay(page, entry.day),
        name: entry.names.length > 0 ? entry.names.join(' / ') : page.t('holidays.unnamed'),
        source: page.t(
          entry.source === 'added' ? 'web.admin.holidays.source-added' : 'web.admin.holidays.source-default',
        ),
      })),
      countries: [...HOLIDAY_COUNTRIES, 'none'].map((value) => ({
        value,
        label: page.t(`holidays.country.${value}`),
        selected: value === (settings.country ?? 'none'),
      })),
      addValues: problem?.form === 'add' ? problem.values : { date: '', name: '' },
      quietValue: problem?.form === 'quiet' ? (problem.values?.quiet ?? '') : quietRange || 'off',
      maxName: MAX_HOLIDAY_NAME,
      dateExample: page.t(
        page.format.calendar === 'persian' ? 'web.admin.holidays.date-hint-jalali' : 'web.admin.holidays.date-hint',
      ),
    },
    problem ? 422 : 200,
  );
}

/** The note of a change the page was redirected from: the chat's own sentence where there is one. */
function doneText(page: Page, settings: { quietStartMinute: number; quietEndMinute: number }): string | null {
  const done = page.query('done');
  const day = page.query('day') ?? '';
  if (done && (DAY_OUTCOMES as readonly string[]).includes(done) && ISO_DAY.test(day)) {
    return page.t(`holidays.${done}`, { day: showDay(page, day), name: '' });
  }
  if (done === 'country') return page.t('web.admin.holidays.done.country');
  if (done === 'quiet') {
    if (settings.quietStartMinute === settings.quietEndMinute) return page.t('holidays.quiet-off');
    return page.t('holidays.quiet-set', {
      start: localizeDigits(hhmm(settings.quietStartMinute), page.language),
      end: localizeDigits(hhmm(settings.quietEndMinute), page.language),
    });
  }
  return null;
}

/** A typed date as an ISO day of the viewer's zone, as `/holidays add` reads it (a UserError otherwise). */
function readDay(page: Page, input: string): string {
  const { start } = readWhen(input, page.format);
  return dayIn(start, page.format.timeZone);
}

/** An ISO day as the viewer writes dates: `۱ فروردین ۱۴۰۵`, `21 March 2026`. */
function showDay(page: Page, day: string): string {
  return formatDate(new Date(`${day}T12:00:00Z`), { ...page.format, timeZone: 'UTC' });
}

/** The year of the viewer's calendar a day is in. */
function yearOf(page: Page, day: string): number {
  const date = Temporal.PlainDate.from(day);
  return page.format.calendar === 'persian' ? gregorianToJalali(date.year, date.month, date.day).year : date.year;
}

function currentYear(page: Page): number {
  return yearOf(page, dayIn(new Date(), page.format.timeZone));
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
