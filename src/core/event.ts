/**
 * The neutral types that cross the adapter boundary. An adapter turns a platform update into one
 * InboundEvent and turns one OutboundMessage into platform calls; nothing else of a platform leaks
 * past it. Ids that cross platforms are written `platform:id` (see `qualifiedId`).
 */

/** `telegram`, `bale`, `discord`, `console`: the adapters that exist. */
export type Platform = string;

export type ChatKind = 'private' | 'group';

/** Who sent the event. */
export interface Actor {
  platform: Platform;
  userId: string;
  displayName: string;
  /** The client's language (Telegram's `language_code`): a first guess, never the setting. */
  languageHint?: string;
  /** The platform says this person administers the chat (Telegram creator/administrator, Discord Manage Server). */
  isChatAdmin?: boolean;
  /**
   * A private chat the bot can write to this person in, known to the adapter although the event came
   * from a group (Discord: the DM channel the bot may open with anyone who shares a server with it).
   * Telegram has none: there a person must open the private chat first.
   */
  privateChatId?: string;
  /**
   * The platform roles this person holds where the event happened (Discord: the server roles of the
   * member, without @everyone), so that a community can map them to its own roles. Absent where the
   * platform has no roles or the event carries none (Telegram, a DM): absent, not empty.
   */
  platformRoleIds?: string[];
}

/** Where the event happened. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
  kind: ChatKind;
  title?: string;
  /**
   * A thread inside the chat (a Telegram forum topic): replies go back to it. Absent for the chat's
   * main conversation.
   */
  threadId?: string;
}

/** Another person the event points at: the author of the message a command replies to, or a user option. */
export interface TargetPerson {
  userId: string;
  displayName: string;
}

/** Where a forwarded message came from: the original author's (or chat's) name and when they wrote it. */
export interface ForwardOrigin {
  fromName: string;
  date: Date;
}

/** A platform role an option points at (a Discord server role): its id, and its name as the server shows it. */
export interface PlatformRole {
  id: string;
  name: string;
}

/** A typed option's value as a platform sends it (see `core/command.ts`). */
export type CommandOptionValue = string | number | boolean | string[] | TargetPerson | PlatformRole;

export type EventPayload =
  /**
   * `args` is the text after `/name` on text platforms; `options` the typed values a platform with typed
   * options (Discord) sends instead, by argument name, when `args` is empty.
   */
  | {
      type: 'command';
      name: string;
      args: string;
      target?: TargetPerson;
      options?: Record<string, CommandOptionValue>;
    }
  | { type: 'text'; text: string; forward?: ForwardOrigin }
  | { type: 'action'; action: string; data: string }
  /** A platform file kept by its id: nothing is downloaded until a feature needs the bytes. */
  | { type: 'file'; fileId: string; fileName?: string; mimeType?: string; caption?: string }
  /** The bot itself was added to or removed from a group (the actor is whoever did it). */
  | { type: 'membership'; change: 'bot-added' | 'bot-removed' }
  /** The group now lives under another id (a Telegram group upgraded to a supergroup): nothing of it is lost. */
  | { type: 'chat-migrated'; toChatId: string };

export interface InboundEvent {
  /** The platform's id of this update, unique per platform: used to handle a redelivered update once. */
  id: string;
  actor: Actor;
  chat: ChatRef;
  payload: EventPayload;
  receivedAt: Date;
  /** The platform's id of the member's message, when the event is one: what a question replies to. */
  messageId?: string;
}

/** A button: pressing it comes back as an `action` event with this action name and data. */
export interface Button {
  label: string;
  action: string;
  /** Short ids only: Telegram allows 64 bytes of callback data for action and data together. */
  data?: string;
}

/**
 * A link that opens the bot's private chat and runs `command` there (a Telegram deep link): how a
 * command that needs a private chat answers in a group. Platforms without such links leave it out;
 * the message's text says how to get there anyway.
 */
export interface PrivateChatLink {
  label: string;
  /** A command name without the slash, e.g. `mydata`. */
  command: string;
}

export interface OutboundFile {
  fileName: string;
  mimeType: string;
  /** Base64, so that the message can wait in the database outbox as JSON. */
  contentBase64: string;
  /** Shown as a picture where the platform can (charts). */
  isImage?: boolean;
}

/**
 * A file kept on a platform by its id (an experience's attachment), sent without its bytes waiting in
 * the outbox: on its own platform by that id (Telegram's `file_id`), to another platform fetched from
 * the source at send time (see `withForeignFiles`).
 */
export interface StoredFile {
  /** Where the file lives: `telegram`, `bale`, `discord`. */
  platform: Platform;
  /** The platform's id of the file: Telegram's `file_id`, Discord's `channel/message/attachment`. */
  fileId: string;
  /** The name it is sent under. */
  fileName: string;
  mimeType: string;
  /** Kept by its platform as a picture (a Telegram photo), not as a document. */
  isImage?: boolean;
  /**
   * What the recipient reads instead when the file cannot be delivered, already in their language:
   * `tooBig` past a platform's download or upload limit, `gone` when the platform no longer has it.
   */
  unavailable: { tooBig: string; gone: string };
}

/**
 * One message to one chat, already rendered in the recipient's language. Text is plain: each adapter
 * escapes it for the parse mode it uses.
 */
export interface OutboundMessage {
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  file?: OutboundFile;
  /** A file a platform keeps (instead of `file`): the message's text is its caption. */
  storedFile?: StoredFile;
  /**
   * Edit this earlier message (a platform message id, from `Outbox.sentMessageId`) instead of sending
   * a new one: live tallies. Adapters throttle edits under their platform's limits.
   */
  replaceMessageId?: string;
  /** The thread (forum topic) of the chat to post in: a reply goes where the event came from. */
  threadId?: string;
  privateChatLink?: PrivateChatLink;
  /**
   * A question in a group whose answer the bot waits for. A platform that shows bots only commands and
   * replies (Telegram's privacy mode) opens a reply to it for the member, whose message it answers.
   */
  askReply?: { toMessageId?: string };
  /**
   * For the sender's eyes where the platform can show a message to one person in a group (Discord's
   * ephemeral answer to an interaction): a refused option value, which concerns no one else.
   */
  onlyToSender?: boolean;
}

/** Where a message goes. */
export interface OutboundTarget {
  platform: Platform;
  chatId: string;
}

export function qualifiedId(platform: Platform, id: string): string {
  return `${platform}:${id}`;
}

/** The longest callback payload Telegram accepts; other platforms allow more, so this is the bound. */
export const MAX_BUTTON_PAYLOAD_BYTES = 64;

export function encodeButtonPayload(action: string, data = ''): string {
  return data ? `${action}|${data}` : action;
}

export function decodeButtonPayload(payload: string): { action: string; data: string } {
  const bar = payload.indexOf('|');
  return bar < 0 ? { action: payload, data: '' } : { action: payload.slice(0, bar), data: payload.slice(bar + 1) };
}
