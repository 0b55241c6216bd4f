import type { Db } from '../../db/prisma-client.ts';
import { higherRole } from '../../core/roles.ts';
import { moveMemberReferences } from './member-reference-repository.ts';

export class LinkRepository {
  constructor(private readonly db: Db) {}

  async replaceCode(memberId: number, code: string, expiresAt: Date): Promise<void> {
    await this.db.$transaction([
      this.db.linkCode.deleteMany({ where: { memberId } }),
      this.db.linkCode.create({ data: { code, memberId, expiresAt } }),
    ]);
  }

  findCode(code: string) {
    return this.db.linkCode.findUnique({ where: { code }, select: { memberId: true, expiresAt: true } });
  }

  platformsOf(memberId: number) {
    return this.db.identity.findMany({ where: { memberId }, select: { platform: true }, orderBy: { platform: 'asc' } });
  }

  /**
   * Folds member `from` into member `into`, in one transaction: identities move, memberships merge
   * keeping the higher role, committee places move, everything else that names `from` moves, and
   * `from` disappears. The code is used up. Ballots of anonymous polls cannot follow (nothing in them
   * leads back to a member): a person who voted anonymously under both accounts before linking keeps
   * both ballots in that poll.
   */
  merge(fromId: number, intoId: number, code: string) {
    return this.db.$transaction(async (tx) => {
      await tx.linkCode.delete({ where: { code } });
      await tx.identity.updateMany({ where: { memberId: fromId }, data: { memberId: intoId } });
      // One after the other: a transaction is one connection, which runs one query at a time anyway.
      const fromMemberships = await tx.membership.findMany({ where: { memberId: fromId } });
      const intoMemberships = await tx.membership.findMany({ where: { memberId: intoId } });
      for (const m of fromMemberships) {
        const existing = intoMemberships.find((i) => i.communityId === m.communityId);
        if (existing) {
          await tx.membership.update({ where: { id: existing.id }, data: { role: higherRole(existing.role, m.role) } });
        } else {
          await tx.membership.create({
            data: { memberId: intoId, communityId: m.communityId, role: m.role, joinedAt: m.joinedAt },
          });
        }
      }
      const committees = await tx.committeeMembership.findMany({ where: { memberId: fromId } });
      await tx.committeeMembership.createMany({
        data: committees.map((c) => ({ committeeId: c.committeeId, memberId: intoId, joinedAt: c.joinedAt })),
        skipDuplicates: true,
      });
      // Named poll ballots carry the member id in their key too; re-key them before they move.
      await tx.$executeRaw`
        DELETE FROM "PollVote" f WHERE f."memberId" = ${fromId}
          AND EXISTS (SELECT 1 FROM "PollVote" i WHERE i."pollId" = f."pollId" AND i.voter = ${String(intoId)})`;
      await tx.$executeRaw`UPDATE "PollVote" SET voter = ${String(intoId)} WHERE voter = ${String(fromId)} AND "memberId" = ${fromId}`;
      await moveMemberReferences(tx, fromId, intoId);
      // The audit log names actors by id without a foreign key (it outlives them), so it moves by hand.
      await tx.auditLog.updateMany({ where: { actorMemberId: fromId }, data: { actorMemberId: intoId } });
      await tx.member.delete({ where: { id: fromId } });
      await tx.auditLog.create({ data: { actorMemberId: intoId, action: 'member.link', details: { merged: fromId } } });
    });
  }
}
