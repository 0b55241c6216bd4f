import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Logger } from '../../logger.ts';
import type { SendHooks, SendResult } from '../../core/adapter.ts';
import type { OutboundMessage } from '../../core/event.ts';
import { isNoTextToEdit, isNotModified } from './api-errors.ts';
import type { EditThrottle } from './edit-throttle.ts';
import { formattedFields, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, type PARSE_MODE } from './message-renderer.ts';
import type { PacedBotApi } from './paced-bot-api.ts';

/**
 * Edits an earlier message (`OutboundMessage.replaceMessageId`: a live tally): its text and buttons,
 * its buttons only when the text is empty, or its caption when it is a photo or a document. Throttled
 * per message; "not modified" counts as done.
 */
export class MessageEditor {
  constructor(
    private readonly api: PacedBotApi,
    private readonly throttle: EditThrottle,
    private readonly keyboard: (message: OutboundMessage) => InlineKeyboardMarkup | undefined,
    private readonly logger: Logger,
    /** `HTML` on Telegram; undefined where texts go plain (Bale). */
    private readonly parseMode: typeof PARSE_MODE | undefined,
  ) {}

  async edit(chatId: string, messageId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    const wait = this.throttle.delay(chatId, messageId);
    if (wait > 0) return { ok: false, kind: 'retry', retryAfterMs: wait, error: 'edit throttled' };
    if (!(await this.api.waitTurn(chatId, hooks))) return { ok: false, kind: 'retry', error: 'adapter stopping' };
    // Counted from when the edit leaves, not from before its wait for the chat's turn.
    this.throttle.record(chatId, messageId);
    const target = {
      chat_id: chatId,
      message_id: Number(messageId),
      reply_markup: this.keyboard(message) ?? { inline_keyboard: [] },
    };
    try {
      if (message.text === '') {
        await this.api.call('editMessageReplyMarkup', target);
      } else {
        const text = this.fit(message.text, MAX_TEXT_LENGTH, chatId);
        await this.api.call('editMessageText', { ...target, ...formattedFields('text', text, this.parseMode) });
      }
    } catch (error) {
      if (isNotModified(error)) return { ok: true, messageId };
      if (!isNoTextToEdit(error)) return this.api.failed(error);
      try {
        const caption = this.fit(message.text, MAX_CAPTION_LENGTH, chatId);
        await this.api.call('editMessageCaption', {
          ...target,
          ...formattedFields('caption', caption, this.parseMode),
        });
      } catch (captionError) {
        if (!isNotModified(captionError)) return this.api.failed(captionError);
      }
    }
    return { ok: true, messageId };
  }

  /** An edit cannot be split: a text too long for one message is cut, and the cut is logged. */
  private fit(text: string, max: number, chatId: string): string {
    if (text.length <= max) return text;
    this.logger.warn({ chatId, length: text.length, max }, 'edited text too long for one message; cut');
    return `${text.slice(0, max - 1)}…`;
  }
}
