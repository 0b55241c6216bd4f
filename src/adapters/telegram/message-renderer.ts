import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import { encodeButtonPayload, MAX_BUTTON_PAYLOAD_BYTES, type Button, type OutboundMessage } from '../../core/event.ts';

/** Telegram's limits on one message's text and on a file's caption, counted after entity parsing. */
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/**
 * The parse mode of every message the bot sends. Texts from the core are plain, so everything is
 * escaped; HTML needs only `&`, `<` and `>` escaped (MarkdownV2 has eighteen special characters, and
 * a missed one makes Telegram refuse the whole message).
 */
export const PARSE_MODE = 'HTML' as const;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A plain text as the fields of a Bot API call: escaped with its parse mode where the platform renders
 * one (Telegram), as it is where it does not (Bale: no documented `parse_mode`, so nothing to escape).
 */
export function formattedFields<F extends 'text' | 'caption'>(
  field: F,
  text: string,
  parseMode: typeof PARSE_MODE | undefined,
): { [K in F]: string } & { parse_mode?: typeof PARSE_MODE } {
  const fields = { [field]: parseMode ? escapeHtml(text) : text } as { [K in F]: string };
  return parseMode ? { ...fields, parse_mode: parseMode } : fields;
}

/** A button that cannot be sent, and why: the outbox's caller made it, so it is a programming error. */
export interface DroppedButton {
  button: Button;
  bytes: number;
}

/**
 * The inline keyboard of a message: buttons carry `action|data` as callback data (at most 64 bytes:
 * a longer one is dropped and reported, never cut, since a cut payload would act on the wrong thing),
 * and a private-chat link becomes a URL button of its own row.
 */
export function renderKeyboard(
  message: Pick<OutboundMessage, 'buttons' | 'privateChatLink'>,
  deepLink: (command: string) => string | undefined,
  onDropped: (dropped: DroppedButton) => void,
): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  for (const row of message.buttons ?? []) {
    const rendered: InlineKeyboardButton[] = [];
    for (const button of row) {
      const payload = encodeButtonPayload(button.action, button.data);
      const bytes = Buffer.byteLength(payload, 'utf8');
      if (bytes > MAX_BUTTON_PAYLOAD_BYTES) onDropped({ button, bytes });
      else rendered.push({ text: button.label, callback_data: payload });
    }
    if (rendered.length > 0) rows.push(rendered);
  }
  const link = message.privateChatLink;
  const url = link ? deepLink(link.command) : undefined;
  if (link && url) rows.push([{ text: link.label, url }]);
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}
