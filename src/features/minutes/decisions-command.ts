/**
 * `/decisions [committee] [words]`: the decision register, newest first — number, the meeting's date
 * in the reader's calendar, the text and the meeting — page by page. A committee's name at the start
 * of the text narrows it to that committee; words narrow it to the decisions that have them all.
 */
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { roleAllows } from '../../core/roles.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { featureCommand } from '../feature-command.ts';
import { addAction } from '../feature-action.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { readerOf } from '../meetings/meeting-replies.ts';

export const DECISIONS_PAGE = 8;
const PAGE_ACTION = 'min.dec';
/** No register is this long; a larger offset is a forged button. */
const MAX_OFFSET = 100_000;

export const decisionsCommand = featureCommand({
  name: 'decisions',
  audience: ['member'],
  chats: 'any',
  args: [
    { name: 'committee', type: 'committee', maxLength: 100, suggest: suggestCommittees },
    { name: 'words', type: 'text', maxLength: 200 },
  ],
  // The committee is told apart from the words when the register is read (it needs the names).
  parse: (text) => (text.trim() ? { words: text.trim() } : {}),
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const committees = await ctx.services.meetings.committees(community.id);
    let committeeId: number | undefined;
    let words = values.words?.trim() ?? '';
    if (values.committee !== undefined) {
      const named = committees.find((c) => c.name.toLowerCase() === values.committee!.trim().toLowerCase());
      if (!named) throw new UserError('committee.unknown', { name: values.committee });
      committeeId = named.id;
    } else if (words) {
      // The longest committee name the text starts with, as a whole word.
      const lower = words.toLowerCase();
      const named = committees
        .filter((c) => lower === c.name.toLowerCase() || lower.startsWith(`${c.name.toLowerCase()} `))
        .sort((a, b) => b.name.length - a.name.length)[0];
      if (named) {
        committeeId = named.id;
        words = words.slice(named.name.length).trim();
      }
    }
    await showPage(ctx, { committeeId, words }, 0);
  },
});

async function showPage(ctx: Ctx, query: { committeeId: number | undefined; words: string }, offset: number) {
  const community = ctx.requireCommunity();
  const rows = await ctx.services.minutes.decisions(
    community.id,
    { memberId: ctx.member.id, seeAll: roleAllows(['chair'], ctx.role) },
    {
      ...(query.committeeId !== undefined ? { committeeId: query.committeeId } : {}),
      ...(query.words ? { words: query.words } : {}),
    },
  );
  if (rows.length === 0) return ctx.reply(offset === 0 ? 'minutes.decisions-none' : 'minutes.decisions-no-more');
  const page = rows.slice(offset, offset + DECISIONS_PAGE);
  if (page.length === 0) return ctx.reply('minutes.decisions-no-more');
  const reader = readerOf(ctx);
  const lines = page.map((row) =>
    ctx.t('minutes.decisions-line', {
      number: row.decisionNumber ?? '',
      date: formatDate(row.minutes.occurrence.startsAt, reader),
      text: row.text,
      title: row.minutes.occurrence.meeting.title,
      id: row.minutes.occurrence.meeting.id,
    }),
  );
  const buttons: ButtonSpec[][] = [];
  const more = offset + page.length < rows.length;
  // Words do not fit in a button's 64 bytes: a search by words shows its first page and says how to narrow it.
  if (more && !query.words) {
    buttons.push([
      {
        labelKey: 'minutes.decisions-more',
        action: PAGE_ACTION,
        data: `${query.committeeId ?? 0}:${offset + page.length}`,
      },
    ]);
  }
  await ctx.reply(
    more && query.words ? 'minutes.decisions-narrow' : 'minutes.decisions',
    { total: rows.length, from: offset + 1, to: offset + page.length, list: new Rendered(lines.join('\n\n')) },
    { buttons },
  );
}

function readPageData(data: string): { committeeId: number | undefined; offset: number } {
  const match = /^(\d{1,9}):(\d{1,6})$/.exec(data);
  const offset = match ? Number(match[2]) : NaN;
  if (!match || !(offset <= MAX_OFFSET)) throw new UserError('error.stale-button');
  const committeeId = Number(match[1]);
  return { committeeId: committeeId === 0 ? undefined : committeeId, offset };
}

export function registerDecisionsCommand(router: AppRouter): void {
  router.command(decisionsCommand);
  addAction(router, PAGE_ACTION, async (ctx, data) => {
    const { committeeId, offset } = readPageData(data);
    await showPage(ctx, { committeeId, words: '' }, offset);
  });
}
