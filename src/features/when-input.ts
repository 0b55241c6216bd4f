import { UserError } from '../core/errors.ts';
import { formatUnderstood } from '../i18n/date-format.ts';
import type { Language } from '../i18n/languages.ts';
import { parseWhen, type CalendarName } from '../i18n/when-parser.ts';

export interface WhenInputContext {
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

/**
 * A date a member typed, as an instant in their zone, or a UserError that says what was understood
 * (`30 Esfand 1402 does not exist`) and how to write it. With `future`, a time already past is refused.
 */
export function readWhen(
  input: string,
  ctx: WhenInputContext,
  options: { future?: boolean; now?: Date } = {},
): { start: Date; end?: Date; hasTime: boolean } {
  const now = options.now ?? new Date();
  const result = parseWhen(input, { timeZone: ctx.timeZone, now, calendar: ctx.calendar });
  if (!result.ok) {
    const understood = result.understood ? formatUnderstood(result.understood, ctx.language) : '';
    throw new UserError(`date.error.${result.reason}`, { input: input.trim(), understood });
  }
  if (options.future && result.start.getTime() <= now.getTime()) {
    throw new UserError('date.error.past', { understood: formatUnderstood(result.understood, ctx.language) });
  }
  return { start: result.start, ...(result.end ? { end: result.end } : {}), hasTime: result.hasTime };
}
