import type { CommandOptionValue, InboundEvent } from './event.ts';

/** A surrogate half without its other half: not a character, and PostgreSQL's JSON refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: NUL removed (a `text` column refuses it) and lone surrogates
 * replaced by U+FFFD (a `jsonb` value refuses them). Without this, a member's stray byte would fail
 * the write of whatever echoes it, even the error message that quotes it back.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Typed option values with their texts (and the names of people and roles) made storable. */
function storableOptions(options: Record<string, CommandOptionValue>): Record<string, CommandOptionValue> {
  const clean = (value: CommandOptionValue): CommandOptionValue => {
    if (typeof value === 'string') return storableText(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? storableText(item) : item));
    if (typeof value === 'object' && 'displayName' in value)
      return { ...value, displayName: storableText(value.displayName) };
    if (typeof value === 'object' && 'name' in value) return { ...value, name: storableText(value.name) };
    return value;
  };
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [name, clean(value)]));
}

/** The event with every text a person typed made storable; ids are left as the platform sent them. */
export function withStorableText(event: InboundEvent): InboundEvent {
  const { payload, actor, chat } = event;
  const clean = {
    ...event,
    actor: { ...actor, displayName: storableText(actor.displayName) },
    chat: chat.title === undefined ? chat : { ...chat, title: storableText(chat.title) },
  };
  switch (payload.type) {
    case 'command':
      return {
        ...clean,
        payload: {
          ...payload,
          args: storableText(payload.args),
          ...(payload.options ? { options: storableOptions(payload.options) } : {}),
          ...(payload.target
            ? { target: { ...payload.target, displayName: storableText(payload.target.displayName) } }
            : {}),
        },
      };
    case 'text':
      return { ...clean, payload: { ...payload, text: storableText(payload.text) } };
    case 'action':
      return { ...clean, payload: { ...payload, data: storableText(payload.data) } };
    case 'file':
      return {
        ...clean,
        payload: {
          ...payload,
          ...(payload.caption !== undefined ? { caption: storableText(payload.caption) } : {}),
          ...(payload.fileName !== undefined ? { fileName: storableText(payload.fileName) } : {}),
        },
      };
    default:
      return clean;
  }
}
