import { UserError } from '../../core/errors.ts';
import { readWhen, type WhenInputContext } from '../when-input.ts';
import type { Period } from './newsletter-repository.ts';

const DAY_MS = 24 * 3600_000;

/** Words that stand between two dates of a period, in the four languages (and a bar or a dash). */
const BETWEEN = /\s*\|\s*|\s+(?:-|–|—|to|until|تا|الی|до|по|đến)\s+/i;

/**
 * `FROM TO` as a member types it: two dates in either calendar (`1402/03/01 1402/03/31`,
 * `۱ خرداد ۱۴۰۲ تا ۳۱ خرداد ۱۴۰۲`, `2023-06-01 - 2023-06-30`), or one date: from then until now.
 * A date without a time covers its whole day. Dates themselves contain spaces, so without a word
 * between them every split is tried and the first that reads as two dates wins.
 */
export function readPeriod(input: string, ctx: WhenInputContext): Period {
  const text = input.trim();
  const explicit = text.split(BETWEEN);
  if (explicit.length === 2) return readPeriodBetween(explicit[0]!, explicit[1]!, ctx);
  const words = text.split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const from = tryRead(words.slice(0, i).join(' '), ctx);
    const to = from ? tryRead(words.slice(i).join(' '), ctx) : null;
    if (from && to) return ordered(from.start, endOf(to));
  }
  return { from: dayStart(text, ctx), to: null };
}

/** The period from one date to another, each given apart (Discord's `from` and `to` options). */
export function readPeriodBetween(from: string, to: string, ctx: WhenInputContext): Period {
  return ordered(dayStart(from, ctx), dayEnd(to, ctx));
}

function tryRead(text: string, ctx: WhenInputContext) {
  try {
    return readWhen(text, ctx);
  } catch {
    return null;
  }
}

function dayStart(text: string, ctx: WhenInputContext): Date {
  return readWhen(text, ctx).start;
}

function dayEnd(text: string, ctx: WhenInputContext): Date {
  return endOf(readWhen(text, ctx));
}

function endOf(when: { start: Date; end?: Date; hasTime: boolean }): Date {
  if (when.end) return when.end;
  return when.hasTime ? when.start : new Date(when.start.getTime() + DAY_MS);
}

function ordered(from: Date, to: Date): Period {
  if (from.getTime() >= to.getTime()) throw new UserError('newsletter.error.period-order');
  return { from, to };
}
