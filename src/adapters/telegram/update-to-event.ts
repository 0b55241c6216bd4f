import {
  decodeButtonPayload,
  type Actor,
  type ChatRef,
  type EventPayload,
  type InboundEvent,
} from '../../core/event.ts';

/**
 * The parts of a Bot API update this adapter reads, as they arrive on the wire. Declared here rather
 * than taken from telegraf's union types: the same reader serves Bale and older Bot API servers, which
 * still send `forward_from`/`forward_date` instead of `forward_origin`.
 */
export interface WireUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface WireChat {
  id: number;
  type: string;
  title?: string;
}

interface WireEntity {
  type: string;
  offset: number;
  length: number;
}

interface WireFile {
  file_id: string;
  file_name?: string;
  mime_type?: string;
}

type WireForwardOrigin =
  | { type: 'user'; date: number; sender_user: WireUser }
  | { type: 'hidden_user'; date: number; sender_user_name: string }
  | { type: 'chat'; date: number; sender_chat: WireChat; author_signature?: string }
  | { type: 'channel'; date: number; chat: WireChat; author_signature?: string };

export interface WireMessage {
  message_id: number;
  date?: number;
  chat: WireChat;
  from?: WireUser;
  sender_chat?: WireChat;
  author_signature?: string;
  message_thread_id?: number;
  is_topic_message?: boolean;
  text?: string;
  entities?: WireEntity[];
  caption?: string;
  photo?: Array<WireFile & { width?: number; height?: number; file_size?: number }>;
  document?: WireFile;
  audio?: WireFile;
  voice?: WireFile;
  video?: WireFile;
  reply_to_message?: WireMessage;
  forward_origin?: WireForwardOrigin;
  forward_from?: WireUser;
  forward_from_chat?: WireChat;
  forward_sender_name?: string;
  forward_date?: number;
  /** Bale's (and Telegram's) service messages: people, the bot among them, added to or gone from a group. */
  new_chat_members?: WireUser[];
  left_chat_member?: WireUser;
  /** A Telegram group upgraded to a supergroup: said in the old group (`to`) and in the new one (`from`). */
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}

export interface WireUpdate {
  update_id: number;
  message?: WireMessage;
  callback_query?: { id: string; from: WireUser; message?: WireMessage; data?: string };
  my_chat_member?: {
    chat: WireChat;
    from: WireUser;
    old_chat_member: { status: string; is_member?: boolean };
    new_chat_member: { status: string; is_member?: boolean };
  };
}

/** The update types the bot asks for: messages, button presses, and its own membership in groups. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface BotIdentity {
  /** `telegram`, or `bale` for Bale's Telegram-style API. */
  platform: string;
  /** Without the `@`: commands addressed to another bot (`/help@other_bot`) are not for us. */
  username: string;
  /** The bot's own user id: how a service message says the bot itself joined or left. */
  botId?: number;
  /** Where the bot hears of its own membership (see `PlatformProfile.membership`); Telegram's way by default. */
  membership?: 'my_chat_member' | 'service-messages';
  /** Forum topics exist (Telegram); where they do not, a stray thread id is not followed. */
  forumTopics?: boolean;
}

export interface TranslatedUpdate {
  /** Null: nothing for the core (another bot's command, a service message, a sticker, a bot's message). */
  event: InboundEvent | null;
  /** A button press to acknowledge whatever becomes of it, so that the client's spinner stops. */
  callbackQueryId?: string;
}

/**
 * Telegram shows messages of a group's anonymous admins as sent by this bot account, with the group
 * itself as `sender_chat`.
 */
const ANONYMOUS_ADMIN_BOT_ID = 1087968824;

/** A deep-link payload we made (`?start=mydata`): a command name, as `/start mydata` arrives. */
const DEEP_LINK_COMMAND = /^[a-z][a-z0-9_]{0,31}$/;

/** One Bot API update → at most one neutral event (pure: no I/O; admin status is looked up later). */
export function updateToEvent(update: WireUpdate, bot: BotIdentity): TranslatedUpdate {
  const id = String(update.update_id);
  if (update.message) return { event: messageEvent(id, update.message, bot) };
  if (update.callback_query) {
    const query = update.callback_query;
    const message = query.message;
    if (!message || query.data === undefined || query.from.is_bot) return { event: null, callbackQueryId: query.id };
    const chat = chatRef(message, bot);
    if (!chat) return { event: null, callbackQueryId: query.id };
    const { action, data } = decodeButtonPayload(query.data);
    const event = buildEvent(id, actorOf(query.from, bot.platform), chat, { type: 'action', action, data });
    return { event, callbackQueryId: query.id };
  }
  if (update.my_chat_member) return { event: membershipEvent(id, update.my_chat_member, bot) };
  return { event: null };
}

function messageEvent(id: string, message: WireMessage, bot: BotIdentity): InboundEvent | null {
  const chat = chatRef(message, bot);
  const from = message.from;
  if (!chat || !from) return null;
  if (message.migrate_to_chat_id !== undefined) {
    // Said in the old group: everything of it moves to the new id.
    return buildEvent(id, actorOf(from, bot.platform), chat, {
      type: 'chat-migrated',
      toChatId: String(message.migrate_to_chat_id),
    });
  }
  // The same news said in the new supergroup: one of the two does the move, and this one, made an event
  // for the old id, would bring back a row for a chat that no longer exists.
  if (message.migrate_from_chat_id !== undefined) return null;
  if (bot.membership === 'service-messages') {
    const change = serviceMembership(message, bot.botId);
    if (change) return chat.kind === 'group' ? buildEvent(id, actorOf(from, bot.platform), chat, change) : null;
  }
  const anonymousAdmin = from.id === ANONYMOUS_ADMIN_BOT_ID && message.sender_chat?.id === message.chat.id;
  if (from.is_bot && !anonymousAdmin) return null;
  const actor = actorOf(from, bot.platform);
  if (anonymousAdmin) {
    actor.displayName = message.author_signature ?? message.chat.title ?? actor.displayName;
    actor.isChatAdmin = true;
  }
  const payload = messagePayload(message, chat, bot);
  return payload ? buildEvent(id, actor, chat, payload, message.message_id) : null;
}

function messagePayload(message: WireMessage, chat: ChatRef, bot: BotIdentity): EventPayload | null {
  if (message.text !== undefined) {
    const command = parseCommand(message, bot.username);
    if (command === 'not-for-us') return null;
    if (command) return deepLinkCommand(command, chat) ?? command;
    const forward = forwardOrigin(message);
    return forward ? { type: 'text', text: message.text, forward } : { type: 'text', text: message.text };
  }
  const file = fileOf(message);
  if (!file) return null;
  return {
    type: 'file',
    fileId: file.file_id,
    ...(file.file_name ? { fileName: file.file_name } : {}),
    ...(file.mime_type ? { mimeType: file.mime_type } : {}),
    ...(message.caption ? { caption: message.caption } : {}),
  };
}

type CommandPayload = Extract<EventPayload, { type: 'command' }>;

/**
 * A command when a `bot_command` entity starts the message (Telegram's own rule), or, for a message
 * that carries no entities at all (Bale sends none), when its text starts with one as Telegram would
 * have marked it: `/name` or `/name@bot`, then a space or the end.
 */
function parseCommand(message: WireMessage, username: string): CommandPayload | 'not-for-us' | null {
  const text = message.text ?? '';
  const length = commandLength(message, text);
  if (length === null) return null;
  const [name = '', addressee] = text.slice(1, length).split('@');
  if (addressee && addressee.toLowerCase() !== username.toLowerCase()) return 'not-for-us';
  const command: CommandPayload = { type: 'command', name: name.toLowerCase(), args: text.slice(length).trim() };
  const target = replyTarget(message);
  if (target) command.target = target;
  return command;
}

/** Telegram's command syntax: up to 32 letters, digits and underscores, optionally `@` and a bot's name. */
const TEXT_COMMAND = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?(?=\s|$)/;

/** How many characters of the text the command takes (`/help@bot`), or null when it does not start with one. */
function commandLength(message: WireMessage, text: string): number | null {
  if (message.entities === undefined) return TEXT_COMMAND.exec(text)?.[0].length ?? null;
  const entity = message.entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  return entity ? entity.length : null;
}

/** Bale's word that the bot joined (`new_chat_members` names it) or left (`left_chat_member` is it). */
function serviceMembership(
  message: WireMessage,
  botId: number | undefined,
): Extract<EventPayload, { type: 'membership' }> | null {
  if (botId === undefined) return null;
  if (message.new_chat_members?.some((user) => user.id === botId)) return { type: 'membership', change: 'bot-added' };
  if (message.left_chat_member?.id === botId) return { type: 'membership', change: 'bot-removed' };
  return null;
}

/** `/start mydata` in a private chat, from a link the bot gave in a group, runs `/mydata`. */
function deepLinkCommand(command: CommandPayload, chat: ChatRef): CommandPayload | null {
  if (chat.kind !== 'private' || command.name !== 'start' || !DEEP_LINK_COMMAND.test(command.args)) return null;
  return { type: 'command', name: command.args, args: '' };
}

/** The person whose message a command replies to (`/role chair` as a reply). */
function replyTarget(message: WireMessage): CommandPayload['target'] | undefined {
  const replied = message.reply_to_message;
  // In a forum topic every message "replies" to the topic's first message unless it replies to another.
  if (!replied || (message.is_topic_message && replied.message_id === message.message_thread_id)) return undefined;
  const author = replied.from;
  if (!author || author.is_bot) return undefined;
  return { userId: String(author.id), displayName: fullName(author) };
}

function forwardOrigin(message: WireMessage): { fromName: string; date: Date } | undefined {
  const origin = message.forward_origin;
  if (origin) {
    const date = new Date(origin.date * 1000);
    switch (origin.type) {
      case 'user':
        return { fromName: fullName(origin.sender_user), date };
      case 'hidden_user':
        return { fromName: origin.sender_user_name, date };
      case 'chat':
        return { fromName: origin.author_signature ?? origin.sender_chat.title ?? '', date };
      case 'channel':
        return { fromName: origin.author_signature ?? origin.chat.title ?? '', date };
    }
  }
  if (message.forward_date === undefined) return undefined;
  const fromName = message.forward_from
    ? fullName(message.forward_from)
    : (message.forward_sender_name ?? message.forward_from_chat?.title ?? '');
  return { fromName, date: new Date(message.forward_date * 1000) };
}

function fileOf(message: WireMessage): WireFile | undefined {
  if (message.photo && message.photo.length > 0) {
    // Telegram sends every size it made; the last is the largest.
    const largest = message.photo[message.photo.length - 1]!;
    return { file_id: largest.file_id, mime_type: 'image/jpeg' };
  }
  return message.document ?? message.audio ?? message.voice ?? message.video;
}

function membershipEvent(
  id: string,
  update: NonNullable<WireUpdate['my_chat_member']>,
  bot: BotIdentity,
): InboundEvent | null {
  const kind = chatKind(update.chat.type);
  if (kind !== 'group') return null; // private chats: blocking the bot shows up as 403 on the next send
  const was = isPresent(update.old_chat_member);
  const is = isPresent(update.new_chat_member);
  if (was === is) return null; // promoted, restricted: still there
  const chat: ChatRef = { platform: bot.platform, chatId: String(update.chat.id), kind };
  if (update.chat.title) chat.title = update.chat.title;
  return buildEvent(id, actorOf(update.from, bot.platform), chat, {
    type: 'membership',
    change: is ? 'bot-added' : 'bot-removed',
  });
}

function isPresent(member: { status: string; is_member?: boolean }): boolean {
  if (member.status === 'restricted') return member.is_member === true;
  return member.status !== 'left' && member.status !== 'kicked';
}

function chatKind(type: string): ChatRef['kind'] | null {
  if (type === 'private') return 'private';
  if (type === 'group' || type === 'supergroup') return 'group';
  return null; // channels: the bot only posts there
}

function chatRef(message: WireMessage, bot: BotIdentity): ChatRef | null {
  const kind = chatKind(message.chat.type);
  if (!kind) return null;
  const chat: ChatRef = { platform: bot.platform, chatId: String(message.chat.id), kind };
  if (kind === 'group' && message.chat.title) chat.title = message.chat.title;
  const topics = bot.forumTopics ?? true;
  if (topics && message.is_topic_message && message.message_thread_id !== undefined) {
    chat.threadId = String(message.message_thread_id);
  }
  return chat;
}

function actorOf(user: WireUser, platform: string): Actor {
  const actor: Actor = { platform, userId: String(user.id), displayName: fullName(user) };
  if (user.language_code) actor.languageHint = user.language_code;
  return actor;
}

function fullName(user: WireUser): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name || user.username || String(user.id);
}

function buildEvent(id: string, actor: Actor, chat: ChatRef, payload: EventPayload, messageId?: number): InboundEvent {
  const event: InboundEvent = { id, actor, chat, payload, receivedAt: new Date() };
  if (messageId !== undefined) event.messageId = String(messageId);
  return event;
}
