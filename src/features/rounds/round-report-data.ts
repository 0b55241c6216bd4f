import type { Language } from '../../i18n/languages.ts';
import type { ReportInput } from './round-report.ts';
import type { RoundRepository, RoundRow, SubmissionRow } from './round-repository.ts';
import type { CompletenessInput } from './round-completeness.ts';
import { periodFromLabel, periodName } from './round-period.ts';
import { localizeDigits } from '../../i18n/digits.ts';

/**
 * What a round's status and report are made of, read from the database once: who was expected, what
 * each sent, and the previous period's answers for the change. In a round about people the "library"
 * of a row is the member (id and name), so that every view counts the same way.
 */
export class RoundReportData {
  constructor(private readonly repo: RoundRepository) {}

  async expectedOf(round: RoundRow): Promise<ReportInput['expected']> {
    if (round.audience === 'members') {
      const members = await this.repo.expectedMembers(round);
      return members.map((m) => ({ libraryId: m.id, name: m.name, city: null }));
    }
    const libraries = await this.repo.expectedLibraries(round);
    return libraries.map((l) => ({ libraryId: l.id, name: l.name, city: l.city }));
  }

  async completeness(round: RoundRow): Promise<CompletenessInput> {
    const [expected, submissions] = await Promise.all([this.expectedOf(round), this.repo.submissions(round.id)]);
    return {
      expected: expected.map((e) => ({ libraryId: e.libraryId, name: e.name })),
      submissions: keyed(round, submissions).map((s) => ({
        libraryId: s.libraryId,
        firstSubmittedAt: s.firstSubmittedAt,
      })),
      dueAt: round.dueAt,
    };
  }

  async reportInput(round: RoundRow, language: Language): Promise<ReportInput> {
    const [expected, submissions, previousRound] = await Promise.all([
      this.expectedOf(round),
      this.repo.submissions(round.id),
      this.repo.previous(round),
    ]);
    const previous = previousRound
      ? {
          periodName: nameOfPeriod(previousRound.periodLabel, language),
          submissions: keyed(previousRound, await this.repo.submissions(previousRound.id)),
        }
      : null;
    return {
      title: round.template.title,
      periodName: nameOfPeriod(round.periodLabel, language),
      language,
      template: round.template,
      expected,
      submissions: keyed(round, submissions),
      previous,
      dueAt: round.dueAt,
    };
  }
}

/** Submissions keyed by what the round counts: the library, or in a round about people the member. */
function keyed(round: Pick<RoundRow, 'audience'>, rows: readonly SubmissionRow[]) {
  return rows.flatMap((row) => {
    const libraryId = round.audience === 'members' ? row.subjectId : row.libraryId;
    // A library deleted since keeps its answers in the archive, but has no row to count them in.
    return libraryId === null ? [] : [{ ...row, libraryId }];
  });
}

export function nameOfPeriod(label: string, language: Language): string {
  const period = periodFromLabel(label);
  return period ? periodName(period, language) : localizeDigits(label, language);
}
