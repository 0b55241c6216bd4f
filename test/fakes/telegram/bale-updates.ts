import type { UpdateBody } from './fake-bot-api.ts';
import type { FakeUser } from './updates.ts';

/**
 * Builders of updates as Bale sends them, for tests: messages carry no `entities` (a command is only
 * its text), groups are of type `group` (Bale has no supergroups and no topics), and the bot hears of
 * its own arrival and departure from service messages, not from `my_chat_member`.
 */

export interface BaleChat {
  id: number;
  type: 'private' | 'group';
  title?: string;
}

let nextMessageId = 1;

export function balePrivateChatOf(user: FakeUser): BaleChat {
  return { id: user.id, type: 'private' };
}

export function baleGroup(id: number, title: string): BaleChat {
  return { id, type: 'group', title };
}

function baseMessage(chat: BaleChat, from: FakeUser, extra: Record<string, unknown>): Record<string, unknown> {
  return { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...extra };
}

/** A text message, commands included, exactly as typed: Bale adds no `bot_command` entity. */
export function baleText(
  chat: BaleChat,
  from: FakeUser,
  text: string,
  extra: Record<string, unknown> = {},
): UpdateBody {
  return { message: baseMessage(chat, from, { text, ...extra }) };
}

/** A press of a button of the bot's message `messageId` in `chat`. */
export function balePress(chat: BaleChat, from: FakeUser, data: string, messageId: number): UpdateBody {
  return {
    callback_query: {
      id: `bale-cq-${nextMessageId++}`,
      from,
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: 1, is_bot: true } },
    },
  };
}

/** The service message of the bot added to a group (`new_chat_members`) or removed from it (`left_chat_member`). */
export function baleBotMembership(
  chat: BaleChat,
  by: FakeUser,
  botId: number,
  change: 'added' | 'removed',
): UpdateBody {
  const bot = { id: botId, is_bot: true, first_name: 'Hamkar' };
  return {
    message: baseMessage(chat, by, change === 'added' ? { new_chat_members: [bot] } : { left_chat_member: bot }),
  };
}
