import { isUserError, UserError } from '../../core/errors.ts';
import { exampleDate } from '../../features/meetings/example-date.ts';
import { readWhen } from '../../features/when-input.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import type { Page } from '../web-pages.ts';

/**
 * What the member and curator pages share: ids read from the URL or a form, links that keep a page's
 * query, a chat service's refusal as a sentence, and dates typed in the member's calendar.
 */

const DAY_MS = 24 * 3600_000;
/** As the date fields' `maxlength`. */
const MAX_DATE_TEXT = 100;

/** An id or page number from a path, query or form (Persian digits too); undefined when it is not one. */
export function readPositive(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = toLatinDigits(raw.trim());
  if (!/^\d{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/** The path parameter `name` as an id, or the page's 404. */
export function idParam(page: Page, name: string): number {
  const id = readPositive(page.param(name));
  if (id === undefined) page.notFound();
  return id;
}

/** A community page's link with a query; empty values are left out, so links stay short. */
export function pageLink(page: Page, path: string, query: Record<string, string | number | null | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${page.communityPath(path)}${search ? `?${search}` : ''}`;
}

/**
 * A refusal of a feature service (a `UserError`, as the chat would say it) in the member's words;
 * anything else is not ours to explain and is thrown again (the error page logs it).
 */
export function refusalText(page: Page, error: unknown): string {
  if (!isUserError(error)) throw error;
  return page.t(error.key, error.params);
}

/** Runs a service call; a `UserError` becomes `{ refusal }` (its sentence), anything else is thrown. */
export async function orRefusal<T>(page: Page, work: () => Promise<T>): Promise<{ value: T } | { refusal: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { refusal: refusalText(page, error) };
  }
}

/**
 * A period typed as two dates in the member's calendar and zone (as in chat: Jalali or Gregorian,
 * Persian or Latin digits); either may be empty. A date without a time covers its whole day: `to`
 * is the end of that day. Throws the date parser's `UserError` (what it understood), or one of ours
 * when the period ends before it starts.
 */
export function readDateRange(page: Page, fromRaw: string, toRaw: string): { from: Date | null; to: Date | null } {
  // A date is short; a longer text from a typed URL is cut rather than parsed whole.
  const fromText = fromRaw.slice(0, MAX_DATE_TEXT);
  const toText = toRaw.slice(0, MAX_DATE_TEXT);
  const from = fromText.trim() ? readWhen(fromText, page.format).start : null;
  let to: Date | null = null;
  if (toText.trim()) {
    const when = readWhen(toText, page.format);
    to = when.end ?? (when.hasTime ? when.start : new Date(when.start.getTime() + DAY_MS));
  }
  if (from && to && from.getTime() >= to.getTime()) {
    throw new UserError('web.error.period-order');
  }
  return { from, to };
}

/** Today in the member's calendar, written as the date parser reads it back: a date field's example. */
export function todayExample(page: Page, now = new Date()): string {
  // exampleDate writes the day a month ahead (for meetings to come); a month back gives today.
  return exampleDate(page.format, new Date(now.getTime() - 30 * DAY_MS));
}
