/** What a feed holds, as a member chose it with /feed; stored as `scope` + `committeeId`. */
export type FeedScope = { kind: 'community' } | { kind: 'committee'; committeeId: number } | { kind: 'mine' };

export function readScope(row: { scope: string; committeeId: number | null }): FeedScope | null {
  if (row.scope === 'community' || row.scope === 'mine') return { kind: row.scope };
  if (row.scope === 'committee' && row.committeeId !== null) return { kind: 'committee', committeeId: row.committeeId };
  return null;
}

export function scopeColumns(scope: FeedScope): { scope: FeedScope['kind']; committeeId: number | null } {
  return { scope: scope.kind, committeeId: scope.kind === 'committee' ? scope.committeeId : null };
}
