/**
 * The Bot API's rules on what a message may contain, as strict as Telegram is or stricter: a bot that
 * passes here is not refused there for its markup, its length or its buttons.
 */

export type RuleCheck<T> = { ok: true; value: T } | { ok: false; description: string };

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * The text a client shows for a message sent with `parse_mode: HTML`. Telegram refuses a `<` that does
 * not start a supported tag and an `&` that does not start an entity ("can't parse entities").
 */
export function parseHtml(html: string): RuleCheck<string> {
  let text = '';
  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === '<') {
      const tag = /^<\/?([a-z-]+)(?:\s[^<>]*)?>/i.exec(html.slice(i));
      if (!tag || !TAGS.has(tag[1]!.toLowerCase())) {
        return {
          ok: false,
          description: `Bad Request: can't parse entities: unsupported start tag at byte offset ${i}`,
        };
      }
      i += tag[0].length;
      continue;
    }
    if (char === '&') {
      const entity = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i));
      const decoded = entity
        ? entity[1] !== undefined
          ? NAMED_ENTITIES[entity[1].toLowerCase()]
          : String.fromCodePoint(entity[2] !== undefined ? Number(entity[2]) : parseInt(entity[3]!, 16))
        : undefined;
      if (!entity || decoded === undefined) {
        return { ok: false, description: `Bad Request: can't parse entities: unsupported entity at byte offset ${i}` };
      }
      text += decoded;
      i += entity[0].length;
      continue;
    }
    if (char === '>') {
      return { ok: false, description: `Bad Request: can't parse entities: unexpected > at byte offset ${i}` };
    }
    text += char;
    i++;
  }
  return { ok: true, value: text };
}

/** The text as the client shows it: parsed when a parse mode is given, as it is otherwise. */
export function visibleText(
  raw: unknown,
  parseMode: unknown,
  max: number,
  what: 'text' | 'caption',
): RuleCheck<string> {
  if (typeof raw !== 'string') return { ok: false, description: `Bad Request: message ${what} is empty` };
  const parsed =
    parseMode === 'HTML' ? parseHtml(raw) : parseMode === undefined ? { ok: true as const, value: raw } : null;
  if (!parsed) return { ok: false, description: `Bad Request: unsupported parse_mode ${String(parseMode)}` };
  if (!parsed.ok) return parsed;
  if (what === 'text' && parsed.value.trim() === '')
    return { ok: false, description: 'Bad Request: message text is empty' };
  if (parsed.value.length > max) return { ok: false, description: `Bad Request: message ${what} is too long` };
  return parsed;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** An inline keyboard's buttons: callback data of 1 to 64 bytes, or an http(s)/tg URL. */
/** A `force_reply` markup as the Bot API takes it: `force_reply` must be true, `selective` a boolean. */
export interface ForceReplyMarkup {
  force_reply: true;
  selective?: boolean;
}

export function checkForceReply(markup: unknown): RuleCheck<ForceReplyMarkup | undefined> {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  if (parsed === undefined || !(parsed as object | null) || !('force_reply' in (parsed as object))) {
    return { ok: true, value: undefined };
  }
  const { force_reply: force, selective } = parsed as { force_reply: unknown; selective?: unknown };
  if (force !== true || (selective !== undefined && typeof selective !== 'boolean')) {
    return { ok: false, description: "Bad Request: can't parse reply keyboard markup JSON object" };
  }
  return { ok: true, value: parsed as ForceReplyMarkup };
}

export function checkKeyboard(markup: unknown): RuleCheck<InlineButton[][] | undefined> {
  if (markup === undefined) return { ok: true, value: undefined };
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  if (parsed && typeof parsed === 'object' && 'force_reply' in parsed) return { ok: true, value: undefined };
  const rows = (parsed as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return { ok: false, description: 'Bad Request: inline keyboard expected' };
  for (const row of rows as InlineButton[][]) {
    for (const button of row) {
      if (typeof button.text !== 'string' || button.text === '') {
        return { ok: false, description: 'Bad Request: text buttons are unallowed in the inline keyboard' };
      }
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(button.callback_data, 'utf8');
        if (bytes < 1 || bytes > 64) return { ok: false, description: 'Bad Request: BUTTON_DATA_INVALID' };
      } else if (!button.url || !/^(https?|tg):\/\//.test(button.url)) {
        return { ok: false, description: 'Bad Request: BUTTON_URL_INVALID' };
      }
    }
  }
  return { ok: true, value: rows as InlineButton[][] };
}

/** `setMyCommands`: 1 to 32 lowercase letters, digits and underscores; descriptions of 1 to 256 characters. */
export function checkCommands(commands: unknown): RuleCheck<Array<{ command: string; description: string }>> {
  const list = (typeof commands === 'string' ? JSON.parse(commands) : commands) as Array<{
    command: string;
    description: string;
  }>;
  if (!Array.isArray(list) || list.length > 100)
    return { ok: false, description: 'Bad Request: BOT_COMMANDS_TOO_MUCH' };
  for (const { command, description } of list) {
    if (!/^[a-z0-9_]{1,32}$/.test(command)) return { ok: false, description: 'Bad Request: BOT_COMMAND_INVALID' };
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      return { ok: false, description: 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID' };
    }
  }
  return { ok: true, value: list };
}
