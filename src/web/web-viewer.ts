import type { Role } from '../core/roles.ts';
import type { FormatOptions } from '../i18n/date-format.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import type {
  DashboardService,
  LiveSession,
  WebCommunity,
  WebMember,
  WebMembership,
} from '../features/dashboard/dashboard-service.ts';

/**
 * Who is looking at a page, read from the database on every request (any instance serves any session):
 * the member, their communities and the role they hold in the page's community, computed as in chat.
 */
export interface WebViewer {
  session: LiveSession;
  member: WebMember;
  memberships: readonly WebMembership[];
  /** The page's community; for pages about the member alone, the one they last chose. Null: in none. */
  community: WebCommunity | null;
  /** Their role in `community`; null when they are not (or no longer) in it. */
  role: Role | null;
  language: Language;
  /** Dates in the member's calendar and zone, in their language. */
  format: FormatOptions;
}

/**
 * The viewer of a session for `communityId` (a community page), or for the session's own community
 * (a page about the member). Null when the cookie names no live session.
 */
export async function loadViewer(
  dashboard: DashboardService,
  secret: string | undefined,
  communityId?: number,
): Promise<WebViewer | null> {
  const session = await dashboard.session(secret);
  if (!session) return null;
  const memberships = await dashboard.memberships(session.member.id);
  const wanted = communityId ?? session.communityId;
  const membership =
    memberships.find((m) => m.community.id === wanted) ?? (communityId === undefined ? memberships[0] : undefined);
  // A community page of a community the member is not in has no community at all: the page refuses it.
  const community = membership?.community ?? null;
  const member = session.member;
  const language = member.language ?? community?.language ?? memberships[0]?.community.language ?? DEFAULT_LANGUAGE;
  return {
    session,
    member,
    memberships,
    community,
    role: membership?.role ?? null,
    language,
    format: {
      language,
      calendar: member.calendar ?? community?.calendar ?? (language === 'fa' ? 'persian' : 'gregorian'),
      timeZone: member.timeZone ?? community?.timeZone ?? 'UTC',
    },
  };
}
