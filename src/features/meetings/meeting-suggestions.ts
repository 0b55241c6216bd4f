import type { SuggestContext, Suggestion } from '../../core/command.ts';
import { roleAllows } from '../../core/roles.ts';
import { formatDate, formatTime } from '../../i18n/date-format.ts';
import type { Services } from '../services.ts';
import { suggestionMatches } from '../suggestion-match.ts';

/** More than Discord shows (25), so that filtering by what was typed still leaves enough. */
const FETCH = 50;

/** The recurrences `/meeting` reads after `--` (meeting-line-parser.ts), suggested as typed there. */
const RECURRENCES = ['weekly', 'daily', 'every 2w', 'monthly', 'monthly 1st mon', 'monthly last fri', 'once'];

/** Meetings to come that the asker may see, soonest first, by id or title; values are meeting ids. */
export async function suggestUpcomingMeetings(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const { viewer } = ctx;
  if (viewer.communityId === null) return [];
  const seeAll = roleAllows(['chair'], viewer.role);
  const rows = await ctx.services.meetings.upcoming(viewer.communityId, viewer.memberId, seeAll, FETCH);
  return rows
    .filter((row) => suggestionMatches(query, row.meeting.id, row.meeting.title))
    .map((row) => ({
      value: row.meeting.id,
      label: `#${row.meeting.id} ${row.meeting.title} · ${formatDate(row.startsAt, viewer)} ${formatTime(row.startsAt, viewer)}`,
    }));
}

/** The recurrences that start with what was typed; values are what `repeat` takes. */
export async function suggestRecurrences(_ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const typed = query.trim().toLowerCase();
  return RECURRENCES.filter((r) => r.startsWith(typed) || typed === '').map((r) => ({ value: r, label: r }));
}
