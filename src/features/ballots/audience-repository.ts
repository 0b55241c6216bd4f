import type { Db } from '../../db/prisma-client.ts';
import type { OutboundTarget } from '../../core/event.ts';

/** A member of a community and the private chat that reaches them (null: never opened one, or blocked the bot). */
export interface AudienceMember {
  memberId: number;
  language: string | null;
  privateChat: OutboundTarget | null;
}

/**
 * Who a poll or survey is for (the community's members, or one committee's), and how to reach each
 * privately.
 */
export class AudienceRepository {
  constructor(private readonly db: Db) {}

  async members(communityId: number, committeeId: number | null = null): Promise<AudienceMember[]> {
    const memberships = await this.db.membership.findMany({
      where: { communityId, ...(committeeId === null ? {} : { member: { committees: { some: { committeeId } } } }) },
      orderBy: { memberId: 'asc' },
      select: {
        member: {
          select: {
            id: true,
            language: true,
            identities: {
              where: { privateChatId: { not: null } },
              select: { platform: true, privateChatId: true },
              orderBy: { id: 'asc' },
            },
          },
        },
      },
    });
    const chatIds = memberships.flatMap((m) => m.member.identities.map((i) => i.privateChatId!));
    // A platform that refused a private chat for good (the member blocked the bot) marked it unreachable.
    const refused = await this.db.chat.findMany({
      where: { kind: 'private', externalId: { in: chatIds }, unreachableAt: { not: null } },
      select: { platform: true, externalId: true },
    });
    const blocked = new Set(refused.map((c) => `${c.platform}:${c.externalId}`));
    return memberships.map(({ member }) => {
      const reachable = member.identities.find((i) => !blocked.has(`${i.platform}:${i.privateChatId}`));
      return {
        memberId: member.id,
        language: member.language,
        privateChat: reachable ? { platform: reachable.platform, chatId: reachable.privateChatId! } : null,
      };
    });
  }
}
