import { toLatinDigits } from '../i18n/digits.ts';

/** A query of digits (Latin or Persian, `#` allowed) names an id; anything else is searched in text. */
export function idQuery(query: string): string | null {
  const digits = toLatinDigits(query.trim()).replace(/^#/, '');
  return /^\d+$/.test(digits) ? digits : null;
}

/** Whether a suggestion fits what was typed so far: an id's first digits, or a part of its text. */
export function suggestionMatches(query: string, id: number | null, text: string): boolean {
  const typed = query.trim();
  if (!typed) return true;
  const digits = idQuery(typed);
  if (digits !== null && id !== null && String(id).startsWith(digits)) return true;
  return text.toLocaleLowerCase().includes(typed.toLocaleLowerCase());
}
