import type { UpdateBody } from './fake-bot-api.ts';

/** Builders of Bot API updates as Telegram sends them, for tests. */

export interface FakeUser {
  id: number;
  is_bot?: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  is_forum?: boolean;
}

let nextMessageId = 1;

export function person(id: number, firstName: string, extra: Partial<FakeUser> = {}): FakeUser {
  return { id, is_bot: false, first_name: firstName, ...extra };
}

export function privateChatOf(user: FakeUser): FakeChat {
  return { id: user.id, type: 'private' };
}

export function group(id: number, title: string, extra: Partial<FakeChat> = {}): FakeChat {
  return { id, type: 'supergroup', title, ...extra };
}

function baseMessage(chat: FakeChat, from: FakeUser, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...extra };
}

/** A text message; a leading `/command` or `/command@bot` gets its `bot_command` entity, as Telegram adds it. */
export function textMessage(
  chat: FakeChat,
  from: FakeUser,
  text: string,
  extra: Record<string, unknown> = {},
): UpdateBody {
  const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
  return { message: baseMessage(chat, from, { text, ...(entities ? { entities } : {}), ...extra }) };
}

/** A text forwarded from someone else (Bot API 7 `forward_origin`). */
export function forwardedText(
  chat: FakeChat,
  from: FakeUser,
  text: string,
  original: FakeUser,
  date: Date,
): UpdateBody {
  return textMessage(chat, from, text, {
    forward_origin: { type: 'user', sender_user: original, date: Math.floor(date.getTime() / 1000) },
  });
}

/** A photo: Telegram sends several sizes, the largest last. */
export function photoMessage(chat: FakeChat, from: FakeUser, caption?: string): UpdateBody {
  const sizes = [
    { file_id: 'photo-small', file_unique_id: 'u-small', width: 90, height: 60 },
    { file_id: 'photo-large', file_unique_id: 'u-large', width: 1280, height: 853 },
  ];
  return { message: baseMessage(chat, from, { photo: sizes, ...(caption ? { caption } : {}) }) };
}

export function documentMessage(chat: FakeChat, from: FakeUser, fileName: string, mimeType: string): UpdateBody {
  return {
    message: baseMessage(chat, from, {
      document: {
        file_id: `doc-${fileName}`,
        file_unique_id: `u-${fileName}`,
        file_name: fileName,
        mime_type: mimeType,
      },
    }),
  };
}

/** A button press on a message the bot sent in `chat`. */
export function buttonPress(chat: FakeChat, from: FakeUser, data: string, messageId = 1): UpdateBody {
  return {
    callback_query: {
      id: `cq-${nextMessageId++}`,
      from,
      chat_instance: 'ci-1',
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: { id: 1, is_bot: true, first_name: 'Hamkar' },
      },
    },
  };
}

/** The bot's own membership in a group changed (`my_chat_member`). */
export function botMembership(chat: FakeChat, by: FakeUser, botId: number, change: 'added' | 'removed'): UpdateBody {
  const bot = { id: botId, is_bot: true, first_name: 'Hamkar' };
  const left = { status: 'left', user: bot };
  const member = { status: 'member', user: bot };
  return {
    my_chat_member: {
      chat,
      from: by,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: change === 'added' ? left : member,
      new_chat_member: change === 'added' ? member : left,
    },
  };
}
