import type { Role } from '../../core/roles.ts';
import type { CalendarName } from '../../i18n/when-types.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import { effectiveRole, rememberedRoleHere } from '../community/effective-role.ts';
import type {
  DashboardRepository,
  DashboardSessionRow,
  WebMemberRow,
  WebMembershipRow,
} from './dashboard-repository.ts';
import { dashboardSecretHash, looksLikeDashboardSecret, newDashboardSecret } from './dashboard-secret.ts';

/** A sign-in link works once, within 10 minutes of being sent. */
export const LINK_LIFETIME_MS = 10 * 60_000;
/** A session ends after 7 days without a request. */
export const SESSION_IDLE_MS = 7 * 24 * 3_600_000;
/** Used and expired links are kept this long, so that a late click is told "already used" or "expired". */
const LINK_MEMORY_MS = 7 * 24 * 3_600_000;
/** Ended and idle sessions are kept this long for `/dashboard sessions` to forget them, then deleted. */
const SESSION_MEMORY_MS = 30 * 24 * 3_600_000;
/**
 * `lastSeenAt` is written at most this often per session: a page view is a read, not a write, and a
 * minute is nothing against a 7-day idle limit.
 */
const TOUCH_EVERY_MS = 60_000;
/** The most of a browser's User-Agent kept (enough to name it; some are kilobytes long). */
const MAX_USER_AGENT = 300;

/** Why a link does not sign anyone in; `language` is the one the member asked in (absent: unknown link). */
export type LinkProblem = { problem: 'used' | 'expired'; language: Language } | { problem: 'unknown' };

export type LinkState = { problem: null; language: Language } | LinkProblem;

export type SignIn = { problem: null; sessionSecret: string; session: DashboardSessionRow } | LinkProblem;

/** The person behind a session, as the pages see them. */
export interface WebMember {
  id: number;
  displayName: string;
  /** Personal settings; null: the community's. */
  language: Language | null;
  timeZone: string | null;
  calendar: CalendarName | null;
}

export interface WebCommunity {
  id: number;
  name: string;
  language: Language;
  timeZone: string;
  calendar: CalendarName;
}

/** One community of the member and the role they act with there, computed as in a private chat. */
export interface WebMembership {
  community: WebCommunity;
  role: Role;
}

export interface LiveSession {
  id: number;
  member: WebMember;
  /** The community the member last chose (or asked the link in); null: none yet. */
  communityId: number | null;
  userAgent: string | null;
}

/**
 * The web dashboard's rules: one-time sign-in links bound to a member, sessions kept as hashes (any
 * instance serves any of them), and who the member is in each of their communities.
 */
export class DashboardService {
  /** PUBLIC_URL without a trailing slash, once the HTTP server listens; unset: no dashboard is served. */
  private publicUrl: string | undefined;

  constructor(
    private readonly repo: DashboardRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The HTTP server serves the dashboard; links are `<publicUrl>/signin/<token>`. */
  servedAt(publicUrl: string): void {
    this.publicUrl = publicUrl.replace(/\/+$/, '');
  }

  get served(): boolean {
    return this.publicUrl !== undefined;
  }

  /** A new one-time link for the member, in the community they act in, for their language. */
  async issueLink(memberId: number, communityId: number | null, language: Language): Promise<{ url: string }> {
    if (this.publicUrl === undefined) throw new Error('the dashboard is not served');
    const token = newDashboardSecret();
    const now = this.now();
    await this.repo.createLink(
      {
        tokenHash: dashboardSecretHash(token),
        memberId,
        communityId,
        language,
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
      },
      new Date(now.getTime() - LINK_MEMORY_MS),
    );
    return { url: `${this.publicUrl}/signin/${token}` };
  }

  /** What opening the link would do, without using it (the GET of a link preview must not use it up). */
  async inspectLink(token: string): Promise<LinkState> {
    const link = looksLikeDashboardSecret(token) ? await this.repo.findLink(dashboardSecretHash(token)) : null;
    if (!link) return { problem: 'unknown' };
    const language = isLanguage(link.language) ? link.language : 'en';
    if (link.usedAt) return { problem: 'used', language };
    if (link.expiresAt.getTime() <= this.now().getTime()) return { problem: 'expired', language };
    return { problem: null, language };
  }

  /** Uses the link once and opens a session for its member; the secret goes in the cookie only. */
  async signIn(token: string, userAgent: string | undefined): Promise<SignIn> {
    if (!looksLikeDashboardSecret(token)) return { problem: 'unknown' };
    const tokenHash = dashboardSecretHash(token);
    const now = this.now();
    if (!(await this.repo.claimLink(tokenHash, now))) {
      const state = await this.inspectLink(token);
      // Claimed by someone else between the two reads: it is used now.
      return state.problem === null ? { problem: 'used', language: state.language } : state;
    }
    const link = (await this.repo.findLink(tokenHash))!;
    const sessionSecret = newDashboardSecret();
    const session = await this.repo.createSession(
      {
        idHash: dashboardSecretHash(sessionSecret),
        memberId: link.memberId,
        communityId: link.communityId,
        userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
        now,
      },
      new Date(now.getTime() - SESSION_MEMORY_MS),
    );
    await this.repo.audit(link.communityId, link.memberId, 'dashboard.signin', { via: 'web', session: session.id });
    return { problem: null, sessionSecret, session };
  }

  /** The live session behind a cookie's secret, or null; marks it used (at most once a minute). */
  async session(secret: string | undefined): Promise<LiveSession | null> {
    if (!secret || !looksLikeDashboardSecret(secret)) return null;
    const now = this.now();
    const row = await this.repo.findLiveSession(dashboardSecretHash(secret), new Date(now.getTime() - SESSION_IDLE_MS));
    if (!row) return null;
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.repo.touchSession(row.id, now);
    return { id: row.id, member: toWebMember(row.member), communityId: row.communityId, userAgent: row.userAgent };
  }

  /** The member's sessions still in use, most recently used first. */
  sessions(memberId: number): Promise<DashboardSessionRow[]> {
    return this.repo.listLiveSessions(memberId, new Date(this.now().getTime() - SESSION_IDLE_MS));
  }

  /**
   * Ends one of the member's sessions (signing out, or from `/dashboard sessions`); false when it is not
   * theirs or already over. Written to the audit log with where it was done.
   */
  async endSession(sessionId: number, memberId: number, via: 'web' | 'chat'): Promise<boolean> {
    const ended = await this.repo.endSession(sessionId, memberId, this.now());
    if (ended) await this.repo.audit(null, memberId, 'dashboard.session-end', { via, session: sessionId });
    return ended;
  }

  /** The community the session shows first from now on. */
  rememberCommunity(sessionId: number, communityId: number): Promise<void> {
    return this.repo.setSessionCommunity(sessionId, communityId);
  }

  /**
   * The member's communities with the role they act with in each. As in the member's private chats, a
   * role remembered from a platform's server roles (`/setup map`) counts while fresh, beside the one
   * given with `/role`: the link was sent to a private chat, and the member could do the same there
   * (see `rememberedRoleHere`, asked as the private chat of the platform that gave the role).
   */
  async memberships(memberId: number): Promise<WebMembership[]> {
    const now = this.now();
    const rows = await this.repo.memberships(memberId);
    return rows.map((row) => ({ community: toWebCommunity(row.community), role: webRole(row, now) }));
  }

  /** Writes a change made from the browser to the community's audit log, marked `via: 'web'`. */
  audit(communityId: number | null, memberId: number, action: string, details: object = {}): Promise<void> {
    return this.repo.audit(communityId, memberId, action, { ...details, via: 'web' });
  }
}

function webRole(row: WebMembershipRow, now: Date): Role {
  const ownPrivateChat = { platform: row.mappedRolePlatform ?? '', chatId: 'web', kind: 'private' as const };
  return effectiveRole(row.role, rememberedRoleHere(row, ownPrivateChat, now), undefined);
}

function toWebMember(row: WebMemberRow): WebMember {
  return {
    id: row.id,
    displayName: row.displayName,
    language: isLanguage(row.language) ? row.language : null,
    timeZone: row.timeZone,
    calendar: row.calendar === 'persian' || row.calendar === 'gregorian' ? row.calendar : null,
  };
}

function toWebCommunity(row: WebMembershipRow['community']): WebCommunity {
  return {
    id: row.id,
    name: row.name,
    language: isLanguage(row.language) ? row.language : 'en',
    timeZone: row.timeZone,
    calendar: row.calendar === 'persian' ? 'persian' : 'gregorian',
  };
}
