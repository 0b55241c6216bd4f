import type { RoundRow } from '../../features/rounds/round-repository.ts';
import type { Page } from '../web-pages.ts';
import { idParam } from './chair-common.ts';

/** A round as the chat names its state: not open yet, open, or closed. */
export function roundState(round: Pick<RoundRow, 'openedAt' | 'closedAt'>): 'open' | 'closed' | 'planned' {
  return round.closedAt ? 'closed' : round.openedAt ? 'open' : 'planned';
}

/** The round of the URL, in this community (another community's is as missing: 404). */
export async function roundOf(page: Page): Promise<RoundRow> {
  const round = await page.services.rounds.find(idParam(page, 'round'));
  if (!round) page.notFound();
  page.requireSameCommunity(round.communityId);
  return round;
}
