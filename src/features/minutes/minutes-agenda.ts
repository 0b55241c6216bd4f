/**
 * What `/meetings` shows of an occurrence's agenda besides the chair's: the actions still open and the
 * topics left unfinished by the meeting it continues (see MinutesRepository.carriedOver).
 */
import { formatDate } from '../../i18n/date-format.ts';
import type { Ctx } from '../services.ts';
import { readerOf } from '../meetings/meeting-replies.ts';

export async function carriedAgendaLines(ctx: Ctx, occurrenceId: number): Promise<string[]> {
  const { actions, topics } = await ctx.services.minutes.carriedAgenda(occurrenceId);
  if (actions.length === 0 && topics.length === 0) return [];
  const reader = readerOf(ctx);
  const lines = [ctx.t('minutes.agenda-carried')];
  for (const action of actions) {
    const owners = ctx.list(action.owners.map((owner) => owner.member.displayName));
    lines.push(
      action.dueAt
        ? ctx.t('minutes.agenda-action-due', { text: action.text, owners, due: formatDate(action.dueAt, reader) })
        : ctx.t('minutes.agenda-action', { text: action.text, owners }),
    );
  }
  for (const topic of topics) lines.push(ctx.t('minutes.agenda-topic', { text: topic.text }));
  return lines;
}
