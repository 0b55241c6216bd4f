import { UserError } from '../../core/errors.ts';
import { toLatinDigits } from '../../i18n/digits.ts';

/** The short id a member typed (`12`, `#12`, `۱۲`), or null when it is not one. */
export function readShortId(text: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(toLatinDigits(text.trim()));
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Button data is untrusted: a forged or garbled id is refused like a stale button. */
export function parseButtonId(data: string): number {
  const id = /^\d{1,9}$/.test(data) ? Number(data) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('error.stale-button');
  return id;
}
