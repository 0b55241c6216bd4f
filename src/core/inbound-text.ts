import type { InboundEvent } from './event.ts';

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
