import { UserError } from '../../core/errors.ts';
import type { FeedEndpoint } from './feed-endpoint.ts';
import type { FeedRepository } from './feed-repository.ts';
import { readScope, type FeedScope } from './feed-scope.ts';
import { feedPath, hashFeedSecret, newFeedSecret } from './feed-secret.ts';
import { seesEverything } from './feed-viewer.ts';

/** A feed as its member sees it in /feed: what it holds. */
export interface FeedChoice {
  scope: FeedScope;
  /** The committee's name, for a committee's feed (null if it was deleted since). */
  committeeName: string | null;
}

/** A new feed address, shown once: only its hash is kept. */
export interface IssuedFeed extends FeedChoice {
  url: string;
  /** An earlier address of this member's feed stopped working. */
  replaced: boolean;
}

/**
 * The members' feeds (/feed): one per member and community, made, re-made with a new secret, or
 * removed. Feeds exist only where the HTTP server serves them (main.ts calls `servedAt`).
 */
export class FeedService {
  private baseUrl: string | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly repo: FeedRepository,
    /** The feeds themselves, for the HTTP server. */
    readonly endpoint: FeedEndpoint,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The address members' calendar apps reach `/feed/` at (PUBLIC_URL); null: feeds are not served. */
  servedAt(baseUrl: string | null): void {
    this.baseUrl = baseUrl === null ? null : baseUrl.replace(/\/+$/, '');
  }

  get served(): boolean {
    return this.baseUrl !== null;
  }

  async current(communityId: number, memberId: number): Promise<FeedChoice | null> {
    const row = await this.repo.find(memberId, communityId);
    const scope = row ? readScope(row) : null;
    return scope ? { scope, committeeName: await this.committeeName(communityId, scope) } : null;
  }

  /** The committees a member may choose a feed of: theirs; for chairs and admins, every one. */
  async committees(communityId: number, memberId: number) {
    return this.repo.committees(communityId, memberId, await this.seesAll(communityId, memberId));
  }

  /** Makes the member's feed (or replaces it: a new address, the old one answers 404 from now on). */
  async issue(communityId: number, memberId: number, scope: FeedScope): Promise<IssuedFeed> {
    const baseUrl = this.requireServed();
    let committeeName: string | null = null;
    if (scope.kind === 'committee') {
      const allowed = await this.committees(communityId, memberId);
      committeeName = allowed.find((c) => c.id === scope.committeeId)?.name ?? null;
      if (committeeName === null) throw new UserError('feed.committee-not-yours');
    }
    const replaced = (await this.repo.find(memberId, communityId)) !== null;
    const secret = newFeedSecret();
    await this.repo.save(memberId, communityId, scope, hashFeedSecret(secret), this.now());
    return { url: `${baseUrl}${feedPath(secret)}`, scope, committeeName, replaced };
  }

  /** `/feed reset`: the same feed at a new address. */
  async reset(communityId: number, memberId: number): Promise<IssuedFeed> {
    this.requireServed();
    const current = await this.current(communityId, memberId);
    if (!current) throw new UserError('feed.none');
    return this.issue(communityId, memberId, current.scope);
  }

  /** `/feed off`: false when there was none. */
  remove(communityId: number, memberId: number): Promise<boolean> {
    return this.repo.remove(memberId, communityId);
  }

  private requireServed(): string {
    if (this.baseUrl === null) throw new UserError('feed.not-served');
    return this.baseUrl;
  }

  private async seesAll(communityId: number, memberId: number): Promise<boolean> {
    const membership = await this.repo.membership(memberId, communityId);
    return membership !== null && seesEverything(membership, this.now());
  }

  private async committeeName(communityId: number, scope: FeedScope): Promise<string | null> {
    return scope.kind === 'committee' ? this.repo.committeeName(communityId, scope.committeeId) : null;
  }
}
