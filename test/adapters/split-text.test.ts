import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/adapters/split-text.ts';

describe('splitting a long text into messages', () => {
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
});
