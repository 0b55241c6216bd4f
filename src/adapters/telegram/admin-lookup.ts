import type { Logger } from '../../logger.ts';

/** `getChatMember`'s status of a user in a chat (`creator`, `administrator`, `member`, …). */
export type MemberStatusReader = (chatId: string, userId: string) => Promise<string>;

interface CacheEntry {
  isAdmin: Promise<boolean>;
  expiresAt: number;
}

/**
 * Whether someone administers a group, as Telegram says (creator or administrator). Asked only for
 * commands and button presses in groups, and cached briefly: a burst of presses costs one call, and a
 * promotion or demotion counts within a minute.
 */
export class AdminLookup {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly readStatus: MemberStatusReader,
    private readonly logger: Logger,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  isAdmin(chatId: string, userId: string): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const t = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > t) return cached.isAdmin;
    if (this.cache.size > 5_000) this.forgetExpired(t);
    const isAdmin = this.readStatus(chatId, userId).then(
      (status) => status === 'creator' || status === 'administrator',
      (error: unknown) => {
        // Not knowing means "not an admin": a refused /setup is safer than a granted one. Not cached.
        this.cache.delete(key);
        this.logger.warn({ err: error, chatId }, 'could not read chat admin status');
        return false;
      },
    );
    this.cache.set(key, { isAdmin, expiresAt: t + this.ttlMs });
    return isAdmin;
  }

  private forgetExpired(t: number): void {
    for (const [key, entry] of this.cache) if (entry.expiresAt <= t) this.cache.delete(key);
  }
}
