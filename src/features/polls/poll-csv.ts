import type { OutboundFile } from '../../core/event.ts';
import type { Translate } from '../../i18n/translator.ts';
import { csvFile } from '../archives/csv-file.ts';

export interface PollExportRow {
  voter: string;
  platform: string | null;
  votedAt: Date | null;
  member: { id: number; displayName: string } | null;
  option: { label: string };
}

/**
 * One row per vote: time, platform, member, option. An anonymous poll's rows have only the ballot's
 * hash and the option (its ballots keep no time, platform or member); a named poll's rows name the
 * member, or say the member asked to be forgotten.
 */
export function pollCsv(
  t: Translate,
  pollId: number,
  anonymous: boolean,
  rows: readonly PollExportRow[],
): OutboundFile {
  const header = [t('poll.csv.time'), t('poll.csv.platform'), t('poll.csv.member'), t('poll.csv.option')];
  const body = rows.map((row) => [
    row.votedAt ?? '',
    row.platform ?? '',
    anonymous ? row.voter : row.member ? `${row.member.displayName} (#${row.member.id})` : t('poll.csv.forgotten'),
    row.option.label,
  ]);
  return csvFile(`poll-${pollId}.csv`, header, body);
}
