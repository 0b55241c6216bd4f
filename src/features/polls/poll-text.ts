import type { Button } from '../../core/event.ts';
import type { Translate } from '../../i18n/translator.ts';
import { formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import type { Tally } from '../ballots/tally.ts';
import { responseRate } from '../ballots/tally.ts';

/** What the texts of a poll need to know about it. */
export interface PollView {
  id: number;
  question: string;
  multi: boolean;
  anonymous: boolean;
  hideResults: boolean;
  closesAt: Date | null;
  closedAt: Date | null;
  /** The committee the poll is for, when it is for one. */
  committee?: { name: string } | null;
  options: ReadonlyArray<{ id: number; label: string }>;
}

export const VOTE_ACTION = 'poll.v';

/** One button per option; the data is the option's id only (Telegram: 64 bytes for action and data). */
export function voteButtons(poll: PollView): Button[][] {
  return poll.options.map((option) => [{ label: option.label, action: VOTE_ACTION, data: String(option.id) }]);
}

/** The poll as its chat message shows it: the live tally (unless hidden), how to vote, the deadline. */
export function pollMessageText(t: Translate, poll: PollView, tally: Tally, format: FormatOptions): string {
  const closed = poll.closedAt !== null;
  const showCounts = closed || !poll.hideResults;
  const lines = [t('poll.header', { id: String(poll.id), question: poll.question }), ...committeeNote(t, poll), ''];
  lines.push(...optionLines(t, poll, tally, showCounts));
  lines.push('');
  if (closed) {
    lines.push(t('poll.voters', { voters: tally.voters }));
    lines.push(t('poll.closed-at', { when: formatDateTime(poll.closedAt!, format) }));
    return lines.join('\n');
  }
  if (showCounts) lines.push(t('poll.voters', { voters: tally.voters }));
  lines.push(t(poll.multi ? 'poll.how-multi' : 'poll.how-single'));
  if (poll.anonymous) lines.push(t('poll.anonymous-note'));
  if (poll.hideResults) lines.push(t('poll.hidden-note'));
  if (poll.closesAt) lines.push(t('poll.closes-at', { when: formatDateTime(poll.closesAt, format) }));
  return lines.join('\n');
}

/** `/results` and the final post: counts, percentages, voters over the audience, state. */
export function resultsText(
  t: Translate,
  poll: PollView,
  tally: Tally,
  audience: number,
  format: FormatOptions,
  options: { showCounts: boolean; final?: boolean },
): string {
  const lines = [
    t(options.final ? 'poll.final-header' : 'poll.header', { id: String(poll.id), question: poll.question }),
    ...committeeNote(t, poll),
    '',
  ];
  lines.push(...optionLines(t, poll, tally, options.showCounts));
  lines.push('');
  lines.push(t('poll.turnout', { voters: tally.voters, audience, rate: responseRate(tally.voters, audience) }));
  if (!options.showCounts) lines.push(t('poll.hidden-note'));
  if (poll.closedAt) lines.push(t('poll.closed-at', { when: formatDateTime(poll.closedAt, format) }));
  else if (poll.closesAt) lines.push(t('poll.closes-at', { when: formatDateTime(poll.closesAt, format) }));
  else lines.push(t('poll.open-no-deadline', { id: String(poll.id) }));
  return lines.join('\n');
}

/** Under the header of a committee's poll: who it is for (everyone in the chat sees the message). */
function committeeNote(t: Translate, poll: PollView): string[] {
  return poll.committee ? [t('poll.committee-note', { name: poll.committee.name })] : [];
}

function optionLines(t: Translate, poll: PollView, tally: Tally, showCounts: boolean): string[] {
  if (!showCounts) return poll.options.map((option) => t('poll.option-hidden', { label: option.label }));
  return tally.rows.map((row) => t('poll.option-line', { label: row.label, count: row.count, percent: row.percent }));
}
