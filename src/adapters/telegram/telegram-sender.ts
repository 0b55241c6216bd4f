import type { InlineKeyboardMarkup, Message, Opts } from 'telegraf/types';
import type { Logger } from '../../logger.ts';
import type { SendHooks, SendResult } from '../../core/adapter.ts';
import type { OutboundFile, OutboundMessage, StoredFile } from '../../core/event.ts';
import { withoutUnfetchedFile } from '../../core/stored-files.ts';
import type { EditThrottle } from './edit-throttle.ts';
import { isFileTypeMismatch, isUnknownFileId, TELEGRAM_MAX_PHOTO_BYTES } from './file-download.ts';
import { ChatMoves, movedTo } from './chat-moves.ts';
import { MessageEditor } from './message-editor.ts';
import {
  formattedFields,
  MAX_CAPTION_LENGTH,
  MAX_TEXT_LENGTH,
  type PARSE_MODE,
  renderKeyboard,
  type DroppedButton,
} from './message-renderer.ts';
import { splitText } from '../split-text.ts';
import type { PacedBotApi } from './paced-bot-api.ts';
import { uploadFileName } from './upload-file-name.ts';
import { questionFields } from './question-markup.ts';

export interface TelegramSenderOptions {
  /** `telegram` or `bale`: a stored file of this platform is sent by its `file_id`. */
  platform: string;
  api: PacedBotApi;
  edits: EditThrottle;
  logger: Logger;
  /** The deep link that opens the bot's private chat at a command; undefined until the bot knows its name. */
  deepLink: (command: string) => string | undefined;
  /** `HTML` on Telegram; undefined where texts go plain (Bale). */
  parseMode: typeof PARSE_MODE | undefined;
  /** Forum topics exist: a reply carries its topic's `message_thread_id`. */
  forumTopics: boolean;
}

/** One Bot API call that makes (part of) a message. */
type Call = () => Promise<Message>;
type PartResult = { ok: true; message: Message } | { ok: false; failure: SendResult };

/** A later part of a split message is retried here, a few times: a retry by the outbox would repeat the first part. */
const LATER_PART_ATTEMPTS = 4;
/** An upload takes longer than a text. */
const UPLOAD_TIMEOUT_FACTOR = 4;

type FileExtra = {
  caption: string | undefined;
  markup: InlineKeyboardMarkup | undefined;
  thread: { message_thread_id?: number };
};

/**
 * Turns one outbound message into Bot API calls: a text (split when long), a file from memory (a photo
 * when it is an image) or one Telegram keeps (by its `file_id`, nothing downloaded or uploaded) with the
 * text as its caption when it fits, or an edit of an earlier message.
 */
export class TelegramSender {
  private readonly editor: MessageEditor;
  private readonly moves = new ChatMoves();

  constructor(private readonly options: TelegramSenderOptions) {
    this.editor = new MessageEditor(
      options.api,
      options.edits,
      (m) => this.keyboard(m),
      options.logger,
      options.parseMode,
    );
  }

  async send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    if (message.replaceMessageId) return this.editor.edit(chatId, message.replaceMessageId, message, hooks);
    // Edits stay where their message is; a new message goes where the group lives now.
    chatId = this.moves.current(chatId);
    const calls = this.plan(chatId, withoutUnfetchedFile(message, this.options.platform, this.options.logger));
    if (calls.length === 0) return { ok: false, kind: 'rejected', error: 'empty message: no text and no file' };
    let last: Message | undefined;
    for (const [index, call] of calls.entries()) {
      const result =
        index === 0 ? await this.sendFirstPart(chatId, call, hooks) : await this.sendLaterPart(chatId, call);
      if (!result.ok) return result.failure;
      last = result.message;
    }
    return { ok: true, messageId: String(last!.message_id) };
  }

  /** The calls that make this message, in order; the buttons ride on the last one. */
  private plan(chatId: string, message: OutboundMessage): Call[] {
    const markup = this.keyboard(message);
    const thread = message.threadId && this.options.forumTopics ? { message_thread_id: Number(message.threadId) } : {};
    const file = message.file;
    const stored = message.storedFile;
    const captionFits = (file !== undefined || stored !== undefined) && message.text.length <= MAX_CAPTION_LENGTH;
    const texts = captionFits ? [] : splitText(message.text, MAX_TEXT_LENGTH);
    const calls: Call[] = texts.map((text, index) => {
      const isLast = index === texts.length - 1 && !file && !stored;
      const payload: Opts<'sendMessage'> = {
        chat_id: chatId,
        ...formattedFields('text', text, this.options.parseMode),
        ...thread,
        ...(isLast && markup ? { reply_markup: markup } : {}),
        ...(isLast ? questionFields(message, markup !== undefined) : {}),
      };
      return () => this.callFollowingMoves('sendMessage', payload);
    });
    const caption = captionFits && message.text.trim() !== '' ? message.text : undefined;
    if (file) calls.push(() => this.sendFile(chatId, file, { caption, markup, thread }));
    else if (stored) calls.push(() => this.sendStoredFile(chatId, stored, { caption, markup, thread }));
    return calls;
  }

  private sendFile(chatId: string, file: OutboundFile, extra: FileExtra): Promise<Message> {
    const bytes = Buffer.from(file.contentBase64, 'base64');
    // A picture past Telegram's photo limit still goes, as a document.
    const asPhoto = Boolean(file.isImage) && bytes.length <= TELEGRAM_MAX_PHOTO_BYTES;
    const timeout = this.options.api.timeoutMs * UPLOAD_TIMEOUT_FACTOR;
    const filename = uploadFileName(file.fileName);
    return this.callFile(chatId, asPhoto, { source: bytes, filename }, extra, timeout);
  }

  /**
   * A file Telegram keeps, by its `file_id`. Telegram refuses a photo's id in sendDocument and a
   * document's in sendPhoto ("type of file mismatch"): that is tried once the other way. An id it no
   * longer knows gets the file's notice instead, as a text with the message's buttons.
   */
  private async sendStoredFile(chatId: string, stored: StoredFile, extra: FileExtra): Promise<Message> {
    const asPhoto = Boolean(stored.isImage);
    try {
      try {
        return await this.callFile(chatId, asPhoto, stored.fileId, extra);
      } catch (error) {
        if (!isFileTypeMismatch(error)) throw error;
        return await this.callFile(chatId, !asPhoto, stored.fileId, extra);
      }
    } catch (error) {
      if (!isUnknownFileId(error)) throw error;
      this.options.logger.warn({ err: error }, 'a stored file Telegram no longer knows: its notice is sent instead');
      return this.callFollowingMoves('sendMessage', {
        chat_id: chatId,
        ...formattedFields('text', stored.unavailable.gone, this.options.parseMode),
        ...extra.thread,
        ...(extra.markup ? { reply_markup: extra.markup } : {}),
      });
    }
  }

  private callFile(
    chatId: string,
    asPhoto: boolean,
    source: string | { source: Buffer; filename: string },
    extra: FileExtra,
    timeoutMs?: number,
  ): Promise<Message> {
    const common = {
      chat_id: chatId,
      ...extra.thread,
      ...(extra.caption ? formattedFields('caption', extra.caption, this.options.parseMode) : {}),
      ...(extra.markup ? { reply_markup: extra.markup } : {}),
    };
    return asPhoto
      ? this.callFollowingMoves('sendPhoto', { ...common, photo: source }, timeoutMs)
      : this.callFollowingMoves('sendDocument', { ...common, document: source }, timeoutMs);
  }

  /**
   * One send; refused because the group became a supergroup (Telegram's 400 with `migrate_to_chat_id`),
   * it goes again at once to the new id, which later sends use too: the message is retargeted, not lost.
   */
  private async callFollowingMoves<M extends 'sendMessage' | 'sendPhoto' | 'sendDocument'>(
    method: M,
    payload: Opts<M>,
    timeoutMs?: number,
  ): Promise<Message> {
    try {
      return (await this.options.api.call(method, payload, timeoutMs)) as Message;
    } catch (error) {
      const to = movedTo(error);
      if (to === undefined) throw error;
      const from = String((payload as { chat_id: string | number }).chat_id);
      this.moves.record(from, to);
      this.options.logger.info({ from, to }, 'group upgraded to a supergroup: message sent to its new id');
      return (await this.options.api.call(method, { ...payload, chat_id: to }, timeoutMs)) as Message;
    }
  }

  private async sendFirstPart(chatId: string, call: Call, hooks: SendHooks | undefined): Promise<PartResult> {
    if (!(await this.options.api.waitTurn(chatId, hooks))) {
      return { ok: false, failure: { ok: false, kind: 'retry', error: 'adapter stopping' } };
    }
    return this.attempt(call);
  }

  private async sendLaterPart(chatId: string, call: Call): Promise<PartResult> {
    for (let attempt = 1; ; attempt++) {
      // The first part went out: the rest goes even while the adapter stops.
      await this.options.api.waitTurnRegardless(chatId);
      const result = await this.attempt(call);
      if (result.ok || result.failure.ok || result.failure.kind !== 'retry' || attempt >= LATER_PART_ATTEMPTS) {
        return result;
      }
      const wait = result.failure.retryAfterMs ?? 1000 * attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt(call: Call): Promise<PartResult> {
    try {
      return { ok: true, message: await call() };
    } catch (error) {
      return { ok: false, failure: this.options.api.failed(error) };
    }
  }

  private keyboard(message: OutboundMessage): InlineKeyboardMarkup | undefined {
    return renderKeyboard(message, this.options.deepLink, ({ button, bytes }: DroppedButton) =>
      this.options.logger.error(
        { action: button.action, bytes, limit: 64 },
        'button dropped: its callback data is longer than Telegram allows (use an id, not a payload)',
      ),
    );
  }
}
