import { UserError } from '../../core/errors.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { parseDuration } from '../../i18n/when-parser.ts';
import { readWhen, type WhenInputContext } from '../when-input.ts';

const DAY_MS = 24 * 3600_000;

/**
 * `--until WHEN`: a duration from now (`3d`, `12h`, `۲ روز`) or a date in any form the date parser
 * reads, in the member's zone and calendar. A date without a time keeps the poll open through that
 * day. A deadline already past is refused, saying what was understood.
 */
export function readDeadline(until: string, ctx: WhenInputContext, now: Date): Date {
  const duration = parseDuration(until);
  if (duration !== null) return new Date(now.getTime() + duration);
  const when = readWhen(until, ctx, { now });
  const deadline = when.hasTime ? when.start : new Date(when.start.getTime() + DAY_MS - 60_000);
  if (deadline.getTime() <= now.getTime()) {
    throw new UserError('poll.error.until-past', { when: formatDateTime(deadline, ctx) });
  }
  return deadline;
}
