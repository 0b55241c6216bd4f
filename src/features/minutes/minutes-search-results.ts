/**
 * What /search shows from the minutes (experiences' search-commands.ts calls it after its own results):
 * the first decisions and notes of closed minutes that have every word, marked as from the minutes.
 */
import { formatDate } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { Ctx } from '../services.ts';
import { readerOf } from '../meetings/meeting-replies.ts';
import type { MinutesService } from './minutes-service.ts';

export const MINUTES_RESULTS = 5;

type Hit = Awaited<ReturnType<MinutesService['search']>>[number];

export async function showMinutesResults(ctx: Ctx, query: string, hits: readonly Hit[]): Promise<void> {
  const reader = readerOf(ctx);
  const lines = hits.slice(0, MINUTES_RESULTS).map((hit) =>
    ctx.t('minutes.search-line', {
      kind: hit.kind,
      number: hit.decisionNumber ?? '',
      text: hit.text,
      title: hit.meetingTitle,
      id: hit.meetingId,
      date: formatDate(hit.startsAt, reader),
    }),
  );
  await ctx.reply('minutes.search-results', {
    query,
    total: hits.length,
    shown: lines.length,
    list: new Rendered(lines.join('\n\n')),
  });
}
