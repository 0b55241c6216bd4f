import type { Translator } from '../i18n/translator.ts';
import type { ConversationStore } from './ports.ts';
import type { Outbox } from './outbox.ts';

/**
 * Flows left half-way expire: their state is removed and the member is told, in the language they
 * used, in the chat where the flow was. The conversation key is `platform:chatId:userId`.
 */
export async function expireConversations(
  conversations: ConversationStore,
  outbox: Outbox,
  translator: Translator,
  now = new Date(),
): Promise<number> {
  const expired = await conversations.takeExpired(now, 100);
  for (const { key, state } of expired) {
    const [platform, ...rest] = key.split(':');
    const chatId = rest.slice(0, -1).join(':');
    if (!platform || !chatId) continue;
    await outbox.enqueue({ platform, chatId }, { text: translator.t(state.language, 'flow.expired') });
  }
  return expired.length;
}
