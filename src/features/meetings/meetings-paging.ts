/**
 * `/meetings` page by page: each page shows this many meetings, and a "More" button carries the offset
 * of the next page (`mtg.more|15`: far below Telegram's 64 bytes of callback data). The offset only
 * pages through what the member may see anyway: the list is read again for whoever presses it.
 */
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';

/** A page stays well inside one message (Telegram's 4096 characters) with a chair's names of who answered. */
export const MEETINGS_PAGE = 5;
/** No community has this many upcoming meetings; a larger offset is a forged button. */
const MAX_OFFSET = 10_000;

export function moreMeetingsButton(offset: number): ButtonSpec {
  return { labelKey: 'meeting.button-more', action: 'mtg.more', data: String(offset) };
}

export function readMoreOffset(data: string): number {
  const offset = /^\d{1,5}$/.test(data) ? Number(data) : NaN;
  if (!(offset >= 0 && offset <= MAX_OFFSET)) throw new UserError('error.stale-button');
  return offset;
}
