import { describe, expect, it } from 'vitest';
import { escapeHtml, renderKeyboard, splitText } from '../../../src/adapters/telegram/message-renderer.ts';

describe('Telegram message rendering', () => {
  it('GIVEN text with HTML specials THEN &, < and > are escaped and nothing else changes', () => {
    expect(escapeHtml('a < b && c > d *bold* _x_ [l](u) "q"')).toBe(
      'a &lt; b &amp;&amp; c &gt; d *bold* _x_ [l](u) "q"',
    );
  });

  it('GIVEN a text within the limit THEN it is one part, as it is', () => {
    expect(splitText('short\n\ntext', 4096)).toEqual(['short\n\ntext']);
  });

  it('GIVEN paragraphs over the limit THEN each part ends at a paragraph boundary and together they are the text', () => {
    const text = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)].join('\n\n');
    const parts = splitText(text, 100);
    expect(parts).toEqual(['a'.repeat(40) + '\n\n' + 'b'.repeat(40), 'c'.repeat(40)]);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('GIVEN no paragraph boundary in the second half THEN it cuts at a line break, then between words', () => {
    expect(splitText(`${'a'.repeat(70)}\n${'b'.repeat(50)}`, 100)).toEqual(['a'.repeat(70), 'b'.repeat(50)]);
    expect(splitText(`${'a '.repeat(40)}${'b'.repeat(30)}`, 100)).toEqual([`${'a '.repeat(39)}a`, 'b'.repeat(30)]);
  });

  it('GIVEN one unbroken word over the limit THEN it is cut at the limit, never inside a surrogate pair', () => {
    const parts = splitText('x'.repeat(99) + '😀' + 'y'.repeat(10), 100);
    expect(parts).toEqual(['x'.repeat(99), '😀' + 'y'.repeat(10)]);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN buttons THEN each carries action|data; one over 64 bytes is dropped and reported, not cut', () => {
    const dropped: string[] = [];
    const keyboard = renderKeyboard(
      {
        buttons: [
          [
            { label: 'Join', action: 'cmt.join', data: '7' },
            { label: 'Too long', action: 'poll.v', data: 'ж'.repeat(30) },
          ],
          [{ label: 'Lonely and too long', action: 'x'.repeat(65) }],
        ],
      },
      () => undefined,
      ({ button, bytes }) => dropped.push(`${button.label}:${bytes}`),
    );
    expect(keyboard).toEqual({ inline_keyboard: [[{ text: 'Join', callback_data: 'cmt.join|7' }]] });
    expect(dropped).toEqual(['Too long:67', 'Lonely and too long:65']);
  });

  it('GIVEN a private-chat link THEN it is a URL button on its own row; without a link base it is left out', () => {
    const message = { privateChatLink: { label: 'Open', command: 'mydata' } };
    const keyboard = renderKeyboard(
      message,
      (c) => `https://t.me/bot?start=${c}`,
      () => undefined,
    );
    expect(keyboard).toEqual({ inline_keyboard: [[{ text: 'Open', url: 'https://t.me/bot?start=mydata' }]] });
    expect(
      renderKeyboard(
        message,
        () => undefined,
        () => undefined,
      ),
    ).toBeUndefined();
  });
});
