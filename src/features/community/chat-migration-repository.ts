import type { Db } from '../../db/prisma-client.ts';

/** What a move changed, for the audit log and for tests. */
export interface ChatMoveResult {
  moved: boolean;
  communityId: number | null;
  pendingMessages: number;
  plannedReminders: number;
}

/**
 * Moves a chat to its new platform id in one transaction: the chat row (with its community binding and
 * meetings), the messages still queued for it, the reminders still planned for it, and where authors of
 * experiences hear back. Sent messages keep their old id: they were delivered there.
 */
export class ChatMigrationRepository {
  constructor(private readonly db: Db) {}

  /** `actorMemberId`: who did it (the person who upgraded the group), for the audit log. */
  moveChat(platform: string, fromId: string, toId: string, actorMemberId: number): Promise<ChatMoveResult> {
    return this.db.$transaction(async (tx) => {
      const from = await tx.chat.findUnique({ where: { platform_externalId: { platform, externalId: fromId } } });
      if (!from || fromId === toId) return { moved: false, communityId: null, pendingMessages: 0, plannedReminders: 0 };
      const to = await tx.chat.findUnique({ where: { platform_externalId: { platform, externalId: toId } } });
      // Someone wrote in the new supergroup before the move was handled: its row is new and knows
      // nothing yet. Keep the row that carries the binding (the old one, unless only the new one has it).
      const keep = to && to.communityId !== null && from.communityId === null ? to : from;
      const drop = keep === from ? to : from;
      if (drop) {
        await tx.meeting.updateMany({ where: { chatId: drop.id }, data: { chatId: keep.id } });
        await tx.chat.delete({ where: { id: drop.id } });
      }
      await tx.chat.update({
        where: { id: keep.id },
        data: { externalId: toId, kind: 'group', active: true, unreachableAt: null, unreachableReason: null },
      });
      const pending = await tx.outboxMessage.updateMany({
        where: { platform, chatId: fromId, status: 'pending' },
        data: { chatId: toId },
      });
      const reminders = await tx.reminder.updateMany({
        where: { targetPlatform: platform, targetChatId: fromId, status: 'planned' },
        data: { targetChatId: toId },
      });
      await tx.experience.updateMany({ where: { platform, chatId: fromId }, data: { chatId: toId } });
      if (keep.communityId !== null) {
        await tx.auditLog.create({
          data: {
            communityId: keep.communityId,
            actorMemberId,
            action: 'chat.migrated',
            details: { platform, from: fromId, to: toId, pending: pending.count, reminders: reminders.count },
          },
        });
      }
      return {
        moved: true,
        communityId: keep.communityId,
        pendingMessages: pending.count,
        plannedReminders: reminders.count,
      };
    });
  }
}
