import { describe, expect, it } from 'vitest';
import { escapeHtml, renderKeyboard } from '../../../src/adapters/telegram/message-renderer.ts';

describe('Telegram message rendering', () => {
  it('GIVEN text with HTML specials THEN &, < and > are escaped and nothing else changes', () => {
    expect(escapeHtml('a < b && c > d *bold* _x_ [l](u) "q"')).toBe(
      'a &lt; b &amp;&amp; c &gt; d *bold* _x_ [l](u) "q"',
    );
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
