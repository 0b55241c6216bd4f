/**
 * Counts and percentages of a poll, from its options and its ballots. Pure. A percentage is over the
 * voters: for a single-answer poll they add up to 100 (largest remainders), for a multiple-answer
 * poll each says how many voters chose that option.
 */

export interface TallyOption {
  id: number;
  label: string;
}

export interface TallyRow extends TallyOption {
  count: number;
  /** Whole percent of voters. */
  percent: number;
}

export interface Tally {
  rows: TallyRow[];
  /** People who voted (a multiple-answer voter counts once). */
  voters: number;
}

export function computeTally(
  options: readonly TallyOption[],
  counts: ReadonlyMap<number, number>,
  voters: number,
  multi: boolean,
): Tally {
  const rows = options.map((option) => ({ ...option, count: counts.get(option.id) ?? 0, percent: 0 }));
  if (voters === 0) return { rows, voters };
  if (multi) {
    for (const row of rows) row.percent = Math.round((row.count * 100) / voters);
    return { rows, voters };
  }
  const exact = rows.map((row) => (row.count * 100) / voters);
  for (const [i, row] of rows.entries()) row.percent = Math.floor(exact[i]!);
  // Largest remainders: whole percents that add up to exactly 100.
  let missing = 100 - rows.reduce((sum, row) => sum + row.percent, 0);
  const byRemainder = rows
    .map((row, i) => ({ i, remainder: exact[i]! - row.percent }))
    .filter((r) => r.remainder > 0)
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    rows[i]!.percent += 1;
    missing -= 1;
  }
  return { rows, voters };
}

/** Voters over the audience, as a whole percent (0 when there is no audience). */
export function responseRate(voters: number, audience: number): number {
  return audience > 0 ? Math.round((Math.min(voters, audience) * 100) / audience) : 0;
}

/** The options with the most votes (several on a tie; none before the first vote). */
export function leaders(tally: Tally): Set<number> {
  const top = Math.max(0, ...tally.rows.map((row) => row.count));
  return new Set(top > 0 ? tally.rows.filter((row) => row.count === top).map((row) => row.id) : []);
}
