import type { Db } from '../../db/prisma-client.ts';

/**
 * Everything stored about one member, and its deletion. When a feature adds a table that names a
 * member, it adds it here too: a test lists the tables and checks each one is covered.
 */
export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  async collect(memberId: number) {
    const member = await this.db.member.findUnique({
      where: { id: memberId },
      include: {
        identities: {
          select: { platform: true, externalId: true, displayName: true, privateChatId: true, createdAt: true },
        },
        memberships: { select: { role: true, joinedAt: true, community: { select: { id: true, name: true } } } },
        committees: { select: { joinedAt: true, committee: { select: { id: true, name: true, communityId: true } } } },
        linkCodes: { select: { expiresAt: true, createdAt: true } },
      },
    });
    if (!member) return null;
    const conversationKeys = member.identities.map((i) => ({
      key: { endsWith: `:${i.externalId}`, startsWith: `${i.platform}:` },
    }));
    const [conversations, auditLog] = await Promise.all([
      conversationKeys.length
        ? this.db.conversation.findMany({
            where: { OR: conversationKeys },
            select: { flow: true, step: true, data: true, expiresAt: true },
          })
        : [],
      this.db.auditLog.findMany({
        where: { actorMemberId: memberId },
        select: { action: true, details: true, createdAt: true, communityId: true },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    return { member, conversations, auditLog };
  }

  /**
   * Deletes the member and what names them, in one transaction. The audit log keeps what happened
   * but no longer who did it; messages already queued to their private chats are dropped.
   */
  async forget(memberId: number): Promise<{ auditEntriesAnonymized: number }> {
    return this.db.$transaction(async (tx) => {
      const identities = await tx.identity.findMany({
        where: { memberId },
        select: { platform: true, externalId: true, privateChatId: true },
      });
      for (const identity of identities) {
        await tx.conversation.deleteMany({
          where: { key: { startsWith: `${identity.platform}:`, endsWith: `:${identity.externalId}` } },
        });
        if (identity.privateChatId) {
          await tx.outboxMessage.deleteMany({
            where: { platform: identity.platform, chatId: identity.privateChatId, status: 'pending' },
          });
          await tx.chat.deleteMany({
            where: { platform: identity.platform, externalId: identity.privateChatId, kind: 'private' },
          });
        }
      }
      const { count } = await tx.auditLog.updateMany({
        where: { actorMemberId: memberId },
        data: { actorMemberId: null },
      });
      // Identities, memberships, committee places and link codes go with the member (ON DELETE CASCADE).
      await tx.member.delete({ where: { id: memberId } });
      return { auditEntriesAnonymized: count };
    });
  }
}
