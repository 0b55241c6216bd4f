import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import type { Button, OutboundMessage } from '../../core/event.ts';
import { encodeButtonPayload } from '../../core/event.ts';
import { splitText } from '../split-text.ts';
import { buttonCustomId, MAX_CUSTOM_ID_LENGTH, SELECT_MENU_PREFIX } from './custom-id.ts';

/** Discord's limits on one message. */
export const MAX_CONTENT_LENGTH = 2000;
const MAX_ROWS = 5;
const MAX_PER_ROW = 5;
const MAX_BUTTONS = MAX_ROWS * MAX_PER_ROW;
const MAX_SELECT_OPTIONS = 25;
const MAX_BUTTON_LABEL = 80;
const MAX_OPTION_LABEL = 100;

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** One Discord message of an outbound message: text, components and files, as the API takes them. */
export interface RenderedPart {
  content: string;
  components: ActionRow[];
  files: Array<{ name: string; data: Buffer }>;
}

/** A button or option that cannot be sent; the core made it, so it is reported as a programming error. */
export type DroppedComponent = { button: Button; reason: string };

/** A link as Discord's clients detect one: shown as a link, with no markdown inside (a backslash would break it). */
const LINK = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
/** Markers that act anywhere in a line: emphasis, code, spoilers, masked links, and the escape itself. */
const INLINE_MARKERS = /[\\*_~`|[\]]/g;
/** Markers that act at the start of a line: headings, quotes, lists (`-`, `*`, `1.`), subtext (`-#`). */
const LINE_START_MARKERS = /^(\s*)([#>-])/gm;
/** A numbered list item: its dot is escaped (a backslash before a digit would show). */
const NUMBERED_ITEM = /^(\s*\d+)\./gm;

/**
 * Escapes plain text for Discord's markdown: a backslash before every marker, links left as they are.
 * Not discord.js's `escapeMarkdown`: it escapes inside links (breaking them), and for some runs of
 * underscores (`___a___a___a`) emits an escaped backslash that leaves the underscore live.
 */
export function escapeText(text: string): string {
  let out = '';
  let last = 0;
  for (const link of text.matchAll(LINK)) {
    out += escapePlain(text.slice(last, link.index)) + link[0];
    last = link.index + link[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text.replace(INLINE_MARKERS, '\\$&').replace(LINE_START_MARKERS, '$1\\$2').replace(NUMBERED_ITEM, '$1\\.');
}

/**
 * Splits a plain text into escaped parts of at most 2000 characters, cut between paragraphs first
 * (then lines, then words). Escaping adds backslashes, so a part that grows past the limit is cut again.
 */
export function splitContent(text: string, limit = MAX_CONTENT_LENGTH, cutAt = limit): string[] {
  const parts: string[] = [];
  for (const plain of splitText(text, cutAt)) {
    const escaped = escapeText(plain);
    if (escaped.length <= limit) {
      parts.push(escaped);
      continue;
    }
    // Escaping at most doubles a text (one backslash per character): cut at half the limit, it fits.
    const smaller = Math.max(Math.floor(limit / 2), Math.floor((cutAt * limit) / escaped.length) - 1);
    parts.push(...splitContent(plain, limit, smaller));
  }
  return parts;
}

/**
 * The Discord messages that make one outbound message: the text split at 2000 characters, the file
 * and the components on the last part. Up to 25 buttons go as buttons (5 a row, 5 rows); more become
 * select menus of 25 options each. A private-chat link becomes a link button when `privateChatUrl`
 * is known.
 */
export function renderMessage(
  message: OutboundMessage,
  options: { privateChatUrl?: string; onDropped?: (dropped: DroppedComponent) => void } = {},
): RenderedPart[] {
  const texts = splitContent(message.text);
  const parts: RenderedPart[] = (texts.length > 0 ? texts : ['']).map((content) => ({
    content,
    components: [],
    files: [],
  }));
  const last = parts[parts.length - 1]!;
  if (message.file) {
    last.files.push({ name: message.file.fileName, data: Buffer.from(message.file.contentBase64, 'base64') });
  }
  last.components = renderComponents(message, options);
  return parts.filter((p) => p.content.trim() !== '' || p.files.length > 0 || p.components.length > 0);
}

export function renderComponents(
  message: Pick<OutboundMessage, 'buttons' | 'privateChatLink'>,
  options: { privateChatUrl?: string; onDropped?: (dropped: DroppedComponent) => void } = {},
): ActionRow[] {
  const buttons: Button[] = [];
  for (const button of (message.buttons ?? []).flat()) {
    const payload = encodeButtonPayload(button.action, button.data);
    // The position prefix takes at most three characters (`24:`).
    if (payload.length + 3 > MAX_CUSTOM_ID_LENGTH) options.onDropped?.({ button, reason: 'custom_id too long' });
    else buttons.push(button);
  }
  const link =
    message.privateChatLink && options.privateChatUrl
      ? { label: message.privateChatLink.label, url: options.privateChatUrl }
      : undefined;
  const room = MAX_BUTTONS - (link ? 1 : 0);
  const rows = buttons.length <= room ? buttonRows(message.buttons ?? [], buttons) : selectRows(buttons, options);
  if (link) {
    const linkButton = {
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: cut(link.label, MAX_BUTTON_LABEL),
      url: link.url,
    } as const;
    const lastRow = rows[rows.length - 1];
    const lastIsButtons = lastRow && lastRow.components.every((c) => c.type === ComponentType.Button);
    if (lastRow && lastIsButtons && lastRow.components.length < MAX_PER_ROW) lastRow.components.push(linkButton);
    else if (rows.length < MAX_ROWS) rows.push({ type: ComponentType.ActionRow, components: [linkButton] });
  }
  return rows;
}

/** The core's rows, each cut into rows of five; when that makes more than five rows, packed five a row. */
function buttonRows(coreRows: Button[][], kept: Button[]): ActionRow[] {
  const keep = new Set(kept);
  let rows = coreRows.map((row) => row.filter((b) => keep.has(b))).flatMap((row) => chunk(row, MAX_PER_ROW));
  if (rows.length > MAX_ROWS) rows = chunk(kept, MAX_PER_ROW);
  let position = 0;
  return rows
    .filter((row) => row.length > 0)
    .map((row) => ({
      type: ComponentType.ActionRow,
      components: row.map((button) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: cut(button.label, MAX_BUTTON_LABEL),
        custom_id: buttonCustomId(position++, button),
      })),
    }));
}

function selectRows(buttons: Button[], options: { onDropped?: (dropped: DroppedComponent) => void }): ActionRow[] {
  const menus = chunk(buttons, MAX_SELECT_OPTIONS);
  for (const button of menus.slice(MAX_ROWS).flat()) options.onDropped?.({ button, reason: 'more than 125 choices' });
  return menus.slice(0, MAX_ROWS).map((menu, index) => {
    const seen = new Set<string>();
    const unique = menu.filter((b) => {
      const value = encodeButtonPayload(b.action, b.data);
      if (seen.has(value)) return false;
      seen.add(value);
      return true;
    });
    return {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: `${SELECT_MENU_PREFIX}${index}`,
          options: unique.map((b) => ({
            label: cut(b.label, MAX_OPTION_LABEL),
            value: encodeButtonPayload(b.action, b.data),
          })),
        },
      ],
    };
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function cut(text: string, max: number): string {
  const trimmed = text.trim() || '…';
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}
