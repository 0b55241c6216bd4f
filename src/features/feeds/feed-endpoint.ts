/**
 * `GET /feed/<secret>.ics`: a member's calendar feed, as a plain function of the request (the HTTP
 * server that serves it is the caller's). Unknown, reset and removed secrets all get the same 404; a
 * known one is answered at most 60 times a minute, with ETag / Last-Modified and 304s.
 */
import { createHash } from 'node:crypto';
import type { Translator } from '../../i18n/translator.ts';
import { speakerFor } from '../meetings/meeting-text.ts';
import { writeFeed } from './feed-calendar.ts';
import { feedEvents } from './feed-events.ts';
import { readerSettings } from './feed-reader.ts';
import type { FeedQuery, FeedRepository } from './feed-repository.ts';
import { readScope } from './feed-scope.ts';
import { hashFeedSecret, secretInPath } from './feed-secret.ts';
import { seesEverything } from './feed-viewer.ts';

export interface FeedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface FeedReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export const FEED_REQUESTS_PER_MINUTE = 60;
/** A cancelled meeting stays in feeds this long, marked cancelled, so that calendars drop it. */
const CANCELLED_KEPT_MS = 30 * 86_400_000;
/** Meetings over for longer than this leave the feed: it would otherwise grow for ever. */
const ENDED_KEPT_MS = 365 * 86_400_000;
const MINUTE_MS = 60_000;
/** Raised when the feed's text changes for the same meetings (a new property): every ETag changes. */
const FEED_FORMAT = 1;

const PRIVATE_HEADERS = {
  // The address is the secret: no shared cache may keep the feed, no page may pass it on.
  'cache-control': 'private',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

const NOT_FOUND: FeedReply = {
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...PRIVATE_HEADERS },
  body: 'not found',
};

export class FeedEndpoint {
  private readonly now: () => Date;
  private readonly perMinute: number;

  constructor(
    private readonly repo: FeedRepository,
    private readonly translator: Translator,
    options: { now?: () => Date; perMinute?: number } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.perMinute = options.perMinute ?? FEED_REQUESTS_PER_MINUTE;
  }

  readonly handle = async (request: FeedRequest): Promise<FeedReply> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return {
        status: 405,
        headers: { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' },
        body: 'method not allowed',
      };
    }
    const secret = secretInPath(request.path);
    if (!secret) return NOT_FOUND;
    const subscription = await this.repo.findByHash(hashFeedSecret(secret));
    const membership = subscription?.member.memberships.find((m) => m.communityId === subscription.communityId);
    const scope = subscription ? readScope(subscription) : null;
    // Someone who left the community (or was removed) reads nothing of it any more.
    if (!subscription || !membership || !scope) return NOT_FOUND;

    const now = this.now();
    const windowStart = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const requests = await this.repo.countRequest(subscription.id, windowStart);
    if (requests > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + MINUTE_MS - now.getTime()) / 1000));
      return {
        status: 429,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(retryAfter), ...PRIVATE_HEADERS },
        body: 'too many requests',
      };
    }

    const query: FeedQuery = {
      communityId: subscription.communityId,
      memberId: subscription.memberId,
      scope,
      seesAll: seesEverything(membership, now),
      cancelledSince: new Date(now.getTime() - CANCELLED_KEPT_MS),
      endedSince: new Date(now.getTime() - ENDED_KEPT_MS),
    };
    const [fingerprint, committeeName, installationUid] = await Promise.all([
      this.repo.fingerprint(query),
      scope.kind === 'committee' ? this.repo.committeeName(subscription.communityId, scope.committeeId) : null,
      this.repo.installationUid(),
    ]);
    const reader = readerSettings(subscription.member, subscription.community);
    const name = speakerFor(this.translator, reader.language).t('feed.calendar-name', {
      community: subscription.community.name,
      scope: scope.kind,
      committee: committeeName ?? '',
    });
    // The ETag names everything the text is made of (the time windows through the fingerprint: a meeting
    // that leaves the feed changes its count), so that the text need not be made to know it is unchanged.
    const made = [
      FEED_FORMAT,
      installationUid,
      scope,
      query.seesAll,
      reader.language,
      reader.calendar,
      name,
      fingerprint,
    ];
    const etag = `"${createHash('sha256').update(JSON.stringify(made)).digest('base64url').slice(0, 32)}"`;
    const lastModified = [fingerprint.newestMeeting, fingerprint.newestAnswer].reduce<Date>(
      (newest, d) => (d && d > newest ? d : newest),
      // A new address (or a new choice of what it holds) is a change too, before any meeting's.
      subscription.createdAt,
    );
    const headers = {
      'content-type': 'text/calendar; charset=utf-8',
      etag,
      'last-modified': lastModified.toUTCString(),
      ...PRIVATE_HEADERS,
    };
    if (notModified(request.headers, etag, lastModified)) return { status: 304, headers, body: '' };
    const rows = await this.repo.meetings(query);
    const speaker = speakerFor(this.translator, reader.language);
    const { texts, zones } = feedEvents(rows, installationUid, { ...reader, speaker });
    return { status: 200, headers, body: writeFeed({ name, zones, events: texts }) };
  };
}

/**
 * RFC 9110, 13.2.2: If-None-Match decides when present (the ETag catches every change, a meeting
 * leaving the feed included); If-Modified-Since only without it, to the second.
 */
function notModified(headers: FeedRequest['headers'], etag: string, lastModified: Date): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const candidate = tag.trim().replace(/^W\//, '');
      return candidate === '*' || candidate === etag;
    });
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
