import type { AdministrationRepository, AuditRow, BoundChatRow, MemberRoleRow } from './administration-repository.ts';

export type { AuditRow, BoundChatRow, MemberRoleRow };

/** Rows of the audit log a page shows at most. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * What an admin reads of their community on the web dashboard: its members and their roles, the chats
 * bound to it, and the audit log. The changes themselves go through the services the chat commands use
 * (`/role`, `/setup unbind`, `/setup code`): this only reads.
 */
export class AdministrationService {
  constructor(private readonly repo: AdministrationRepository) {}

  members(communityId: number): Promise<MemberRoleRow[]> {
    return this.repo.members(communityId);
  }

  isMember(communityId: number, memberId: number): Promise<boolean> {
    return this.repo.isMember(communityId, memberId);
  }

  boundChats(communityId: number): Promise<BoundChatRow[]> {
    return this.repo.boundChats(communityId);
  }

  /** The community a chat is bound to (null: none), or null when there is no such chat. */
  async chatCommunity(chatId: number): Promise<number | null> {
    return (await this.repo.chatCommunity(chatId))?.communityId ?? null;
  }

  /** One page (from 1) of the log, newest first, of one action or all. */
  async auditLog(
    communityId: number,
    options: { action?: string | null; page: number },
  ): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
    const page = Math.max(1, Math.floor(options.page));
    const { rows, total } = await this.repo.auditPage(
      communityId,
      options.action ?? null,
      (page - 1) * AUDIT_PAGE_SIZE,
      AUDIT_PAGE_SIZE,
    );
    return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
  }

  auditActions(communityId: number): Promise<string[]> {
    return this.repo.auditActions(communityId);
  }
}
