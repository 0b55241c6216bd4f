import type { AppRouter } from '../services.ts';
import type { ChatMigrationRepository } from './chat-migration-repository.ts';

/**
 * A group that moved to another id (Telegram upgrades a group to a supergroup, with a new id) keeps
 * its community, polls, meetings and queued messages: everything that named the old id names the new
 * one. Nothing is said in the chat; the move is audited. Handled before routing, as it is no command.
 */
export function registerChatMigration(router: AppRouter, repository: ChatMigrationRepository): void {
  router.use(async (ctx, next) => {
    const { payload, chat } = ctx.event;
    if (payload.type !== 'chat-migrated') return next();
    await repository.moveChat(chat.platform, chat.chatId, payload.toChatId, ctx.member.id);
  });
}
