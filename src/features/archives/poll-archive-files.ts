import type { OutboundFile } from '../../core/event.ts';
import type { PollArchiveRow } from '../polls/poll-archive-repository.ts';
import { csvFile, jsonFile } from './archive-file.ts';
import type { CsvClock } from './csv-file.ts';

/**
 * The polls archive: every poll with its options and counts. Ballots of named polls carry the voter's
 * name (chairs see them in /results too); anonymous polls give counts only, by design. A voter who
 * used /forgetme is counted without a name.
 */
interface OptionTally {
  label: string;
  votes: number;
  ballots: Array<{ name: string | null; platform: string | null; at: Date | null }>;
}

function tallyOf(poll: PollArchiveRow): { voters: number; options: OptionTally[] } {
  const options = poll.options.map((option) => {
    const ballots = poll.votes.filter((vote) => vote.optionId === option.id);
    return {
      label: option.label,
      votes: ballots.length,
      ballots: poll.anonymous
        ? []
        : ballots.map((b) => ({ name: b.member?.displayName ?? null, platform: b.platform, at: b.votedAt })),
    };
  });
  return { voters: new Set(poll.votes.map((vote) => vote.voter)).size, options };
}

const CSV_HEADER = [
  'poll_id',
  'question',
  'option',
  'votes',
  'voters_named',
  'poll_voters',
  'status',
  'multi',
  'anonymous',
  'hidden_results',
  'everywhere',
  'posted_by',
  { time: 'created_at' },
  { time: 'closes_at' },
  { time: 'closed_at' },
  // Last, so that the columns before it keep their places in spreadsheets made from older exports.
  'committee',
];

export function pollsCsv(polls: readonly PollArchiveRow[], clock: CsvClock): OutboundFile {
  const records = polls.flatMap((poll) => {
    const { voters, options } = tallyOf(poll);
    return options.map((option) => [
      poll.id,
      poll.question,
      option.label,
      option.votes,
      option.ballots.map((b) => b.name ?? '—').join('; '),
      voters,
      poll.closedAt ? 'closed' : 'open',
      poll.multi,
      poll.anonymous,
      poll.hideResults,
      poll.everywhere,
      poll.createdBy?.displayName ?? '',
      poll.createdAt,
      poll.closesAt ?? '',
      poll.closedAt ?? '',
      poll.committee?.name ?? '',
    ]);
  });
  return csvFile('polls', CSV_HEADER, records, clock);
}

export function pollsJson(polls: readonly PollArchiveRow[], community: string): OutboundFile {
  return jsonFile('polls', community, {
    polls: polls.map((poll) => {
      const { voters, options } = tallyOf(poll);
      return {
        id: poll.id,
        question: poll.question,
        language: poll.language,
        status: poll.closedAt ? 'closed' : 'open',
        multi: poll.multi,
        anonymous: poll.anonymous,
        hiddenResults: poll.hideResults,
        everywhere: poll.everywhere,
        // Only this committee's members could vote; null: the whole community.
        committee: poll.committee?.name ?? null,
        postedBy: poll.createdBy?.displayName ?? null,
        createdAt: poll.createdAt,
        closesAt: poll.closesAt,
        closedAt: poll.closedAt,
        voters,
        options: options.map((o) => (poll.anonymous ? { label: o.label, votes: o.votes } : o)),
      };
    }),
  });
}
