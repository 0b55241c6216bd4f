/**
 * Where a meeting happens: online at a link, in a place, or not said. The third part of `/meeting` is
 * a link when it reads as a web address (meeting-link.ts), else a place (`Central Library, room 2`).
 */
import { UserError } from '../../core/errors.ts';
import { normalizeLink } from './meeting-link.ts';
import type { Speaker } from './meeting-text.ts';

export const MAX_PLACE = 200;

export interface Venue {
  link: string | null;
  place: string | null;
}

/** Something written as an address (`ftp://…`, `javascript:…`, `http:/x`) that normalizeLink refused. */
const ADDRESS_LIKE = /^[a-z][a-z0-9+.-]*:(?:\/|[^\s/]*$)/i;

/** The venue as typed: empty is neither, a web address is a link, any other text a place. */
export function readVenue(text: string): Venue {
  const typed = text.trim().replace(/\s+/g, ' ');
  if (!typed) return { link: null, place: null };
  const link = normalizeLink(typed);
  if (link) return { link, place: null };
  // An address that is not a web page is a typo of a link rather than a place: refused, not stored.
  if (ADDRESS_LIKE.test(typed)) throw new UserError('meeting.error.link', { link: typed });
  if (typed.length > MAX_PLACE) throw new UserError('error.too-long', { max: MAX_PLACE });
  return { link: null, place: typed };
}

/** The line that says where, for a reply, a reminder or /meetings; none when it was not said. */
export function venueLines(s: Pick<Speaker, 't'>, venue: Venue): string[] {
  if (venue.link) return [s.t('meeting.link-line', { link: venue.link })];
  if (venue.place) return [s.t('meeting.place-line', { place: venue.place })];
  return [];
}
