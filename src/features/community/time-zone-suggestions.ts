import type { SuggestContext, Suggestion } from '../../core/command.ts';
import { zoneOffsetLabel } from '../../i18n/time-zones.ts';
import type { Services } from '../services.ts';
import { suggestionMatches } from '../suggestion-match.ts';
import { SUGGESTED_TIME_ZONES } from './community-defaults.ts';

/** More than a platform shows (Discord: 25), so that what was typed still leaves enough to list. */
const FETCH = 50;

let zones: string[] | undefined;

/** The networks' zones first, then every zone Intl knows (Asia/Ho_Chi_Minh kept beside Intl's Asia/Saigon). */
function allZones(): string[] {
  zones ??= [...new Set([...SUGGESTED_TIME_ZONES, ...Intl.supportedValuesOf('timeZone')])];
  return zones;
}

/** IANA zones matching what was typed (a space stands for the zones' `_`), each with its offset now. */
export async function suggestTimeZones(_ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const now = new Date();
  return allZones()
    .filter((zone) => suggestionMatches(query.replace(/\s+/g, '_'), null, zone))
    .slice(0, FETCH)
    .map((zone) => ({ value: zone, label: `${zone} (${zoneOffsetLabel(now, zone)})` }));
}
