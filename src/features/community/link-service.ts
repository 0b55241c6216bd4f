import { UserError } from '../../core/errors.ts';
import type { LinkRepository } from './link-repository.ts';
import { newCode, normalizeCode } from './join-code.ts';

export const LINK_CODE_TTL_MS = 10 * 60_000;

/** `/link`: one person, several platforms. A code made on one platform is typed on another. */
export class LinkService {
  constructor(
    private readonly repo: LinkRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issueCode(memberId: number): Promise<{ code: string; minutes: number }> {
    const code = newCode(6);
    await this.repo.replaceCode(memberId, code, new Date(this.now().getTime() + LINK_CODE_TTL_MS));
    return { code, minutes: LINK_CODE_TTL_MS / 60_000 };
  }

  /** Joins the member who typed the code to the member who made it; returns the platforms now linked. */
  async redeem(typedCode: string, memberId: number): Promise<string[]> {
    const code = normalizeCode(typedCode);
    const found = await this.repo.findCode(code);
    if (!found || found.expiresAt <= this.now()) throw new UserError('link.code-invalid', { code: typedCode });
    if (found.memberId === memberId) throw new UserError('link.same-account');
    await this.repo.merge(memberId, found.memberId, code);
    const identities = await this.repo.platformsOf(found.memberId);
    return [...new Set(identities.map((i) => i.platform))];
  }
}
