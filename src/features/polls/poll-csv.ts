import type { OutboundFile } from '../../core/event.ts';
import type { Translate } from '../../i18n/translator.ts';
import { csvFile, type CsvClock } from '../archives/csv-file.ts';

export interface PollExportRow {
  voter: string;
  platform: string | null;
  votedAt: Date | null;
  member: { id: number; displayName: string } | null;
  option: { label: string };
}

/**
 * One row per vote: time, platform, member, option. An anonymous poll's rows have only a voter number
 * and the option (its ballots keep no time, platform or member): 1, 2, 3… in the order of the ballots'
 * hashes, so that the choices of one voter in a multi-choice poll read together, while the number
 * says nothing of who voted or when. A named poll's rows name the member, or say the member asked
 * to be forgotten. Times follow the community's clock.
 */
export function pollCsv(
  t: Translate,
  pollId: number,
  anonymous: boolean,
  rows: readonly PollExportRow[],
  clock: CsvClock,
): OutboundFile {
  const header = [{ time: t('poll.csv.time') }, t('poll.csv.platform'), t('poll.csv.member'), t('poll.csv.option')];
  const voterNumber = numberEach([...new Set(rows.map((row) => row.voter))].sort());
  const body = rows.map((row) => [
    row.votedAt ?? '',
    row.platform ?? '',
    anonymous
      ? voterNumber.get(row.voter)
      : row.member
        ? `${row.member.displayName} (#${row.member.id})`
        : t('poll.csv.forgotten'),
    row.option.label,
  ]);
  return csvFile(`poll-${pollId}.csv`, header, body, clock);
}

function numberEach(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, i) => [key, i + 1]));
}
