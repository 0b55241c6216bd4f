import { describe, expect, it } from 'vitest';
import { storableText, withStorableText } from '../../src/core/inbound-text.ts';
import type { InboundEvent } from '../../src/core/event.ts';

describe('storable text', () => {
  it('GIVEN NUL characters and lone surrogates THEN NUL is removed and each lone half becomes U+FFFD', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('x\uD800y')).toBe('x\uFFFDy');
    expect(storableText('\uDFFFz')).toBe('\uFFFDz');
    expect(storableText('end\uDBFF')).toBe('end\uFFFD');
  });

  it('GIVEN whole astral characters, joiners and bidi controls THEN they are kept as sent', () => {
    const text = '👩🏽‍💻 می‌خواهم \u202Bx\u202C \uDBFF\uDFFF';
    expect(storableText(text)).toBe(text);
  });

  it('GIVEN an event THEN every typed text is made storable and its ids are left alone', () => {
    const event: InboundEvent = {
      id: 'id\u0000',
      actor: { platform: 'test', userId: 'u', displayName: 'N\u0000a\uD800' },
      chat: { platform: 'test', chatId: 'c', kind: 'group', title: 'T\uDC00' },
      payload: { type: 'command', name: 'share', args: 'A\u0000 | \uD83D' },
      receivedAt: new Date(0),
    };
    const clean = withStorableText(event);
    expect(clean.id).toBe('id\u0000');
    expect(clean.actor.displayName).toBe('Na\uFFFD');
    expect(clean.chat.title).toBe('T\uFFFD');
    expect(clean.payload).toEqual({ type: 'command', name: 'share', args: 'A | \uFFFD' });
  });
});
