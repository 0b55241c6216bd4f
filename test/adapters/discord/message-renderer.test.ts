import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ButtonStyle, ComponentType } from 'discord.js';
import {
  escapeText,
  MAX_CONTENT_LENGTH,
  renderComponents,
  renderMessage,
  splitContent,
} from '../../../src/adapters/discord/message-renderer.ts';
import { actionOfComponent } from '../../../src/adapters/discord/custom-id.ts';
import type { Button } from '../../../src/core/event.ts';

const buttons = (n: number, action = 'pick'): Button[] =>
  Array.from({ length: n }, (_, i) => ({ label: `Choice ${i + 1}`, action, data: String(i) }));

/** Markdown escapes taken out again: what a reader sees. */
const unescape = (text: string) => text.replace(/\\([\\*_~`|[\]#>.-])/g, '$1');

describe('Discord message rendering', () => {
  it('GIVEN member text with markdown and a masked link THEN every marker is escaped', () => {
    const escaped = escapeText(
      '*bold* _it_ ~~s~~ `code` ||spoiler|| [click](https://evil.example)\n# heading\n> quote',
    );
    expect(escaped).not.toMatch(/(^|[^\\])[*_`|]/);
    expect(escaped).toContain('\\[click\\](https://evil.example)');
    expect(escaped).toContain('\\# heading');
    expect(escaped).toContain('\\> quote');
  });

  it('GIVEN a link among marked-up words THEN the words are escaped and the link is left whole', () => {
    const escaped = escapeText('*Join* at https://meet.example/room_12-b?x=1_2. 1. Be on time');
    expect(escaped).toBe('\\*Join\\* at https://meet.example/room_12-b?x=1_2. 1. Be on time');
    expect(escapeText('1. first\n- second\n-# small')).toBe('1\\. first\n\\- second\n\\-# small');
  });

  it('GIVEN any text THEN its parts fit 2000 characters once escaped and read back as the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', '1', '.', ' ', '*', '_', '\\', '#', '-', '\n', 'ж', '۱') }), {
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 6 }),
        (chunks, repeat) => {
          const text = chunks.map((c) => c.repeat(repeat * 97)).join('\n\n');
          const parts = splitContent(text);
          for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
          // Cuts drop only the whitespace they were made at.
          expect(parts.map(unescape).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
          // Every marker is escaped: no unescaped emphasis marker is left to act.
          for (const part of parts) expect(part.replace(/\\./g, '')).not.toMatch(/[*_\\]/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('GIVEN a file and buttons THEN they ride on the last part, the file from memory', () => {
    const text = 'x'.repeat(2500);
    const parts = renderMessage({
      text,
      buttons: [buttons(2)],
      file: { fileName: 'a.csv', mimeType: 'text/csv', contentBase64: Buffer.from('a,b').toString('base64') },
    });
    expect(parts).toHaveLength(2);
    expect(parts[0]!.files).toEqual([]);
    expect(parts[0]!.components).toEqual([]);
    expect(parts[1]!.files).toEqual([{ name: 'a.csv', data: Buffer.from('a,b') }]);
    expect(parts[1]!.components).toHaveLength(1);
  });

  it('GIVEN a row of seven buttons THEN it becomes rows of five and two, each custom id unique and decoding to its action', () => {
    const same = [
      { label: 'Again', action: 'same', data: '1' },
      { label: 'Again', action: 'same', data: '1' },
    ];
    const rows = renderComponents({ buttons: [buttons(7), same] });
    expect(rows.map((r) => r.components.length)).toEqual([5, 2, 2]);
    const ids = rows.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((id) => actionOfComponent(id))).toEqual([
      ...buttons(7).map((b) => ({ action: b.action, data: b.data })),
      { action: 'same', data: '1' },
      { action: 'same', data: '1' },
    ]);
  });

  it('GIVEN more than five rows of at most 25 buttons THEN they are packed five a row', () => {
    const rows = renderComponents({ buttons: buttons(12).map((b) => [b]) });
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 2]);
  });

  it('GIVEN 30 choices THEN two select menus carry them, and a choice decodes to its action', () => {
    const rows = renderComponents({ buttons: [buttons(30, 'tz.set')] });
    const menus = rows.map((r) => r.components[0]!);
    expect(menus.map((m) => m.type)).toEqual([ComponentType.StringSelect, ComponentType.StringSelect]);
    const second = menus[1]!;
    if (second.type !== ComponentType.StringSelect) throw new Error('not a menu');
    expect(second.options).toHaveLength(5);
    expect(actionOfComponent(second.custom_id, [second.options[0]!.value])).toEqual({ action: 'tz.set', data: '25' });
  });

  it('GIVEN a private-chat link with a known DM THEN it is a link button beside the others; unknown, it is left out', () => {
    const message = { buttons: [buttons(1)], privateChatLink: { label: 'Open a private chat', command: 'mydata' } };
    const [row] = renderComponents(message, { privateChatUrl: 'https://discord.com/channels/@me/42' });
    expect(row!.components.at(-1)).toEqual({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: 'Open a private chat',
      url: 'https://discord.com/channels/@me/42',
    });
    expect(renderComponents(message).flatMap((r) => r.components)).toHaveLength(1);
  });

  it('GIVEN a custom id the adapter did not make THEN it decodes to nothing', () => {
    expect(actionOfComponent('slash-modal:share')).toBeNull();
    expect(actionOfComponent('menu:0', [])).toBeNull();
  });
});
