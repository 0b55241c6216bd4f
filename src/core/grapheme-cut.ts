const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The text's first `max` graphemes (what a reader counts as characters), and whether anything was left
 * out. Cutting at a UTF-16 index or a code point can split a surrogate pair, an emoji sequence or a
 * letter from its marks: a lone surrogate is not text, and PostgreSQL refuses to store it.
 */
export function firstGraphemes(text: string, max: number): { text: string; cut: boolean } {
  // A grapheme is at least one UTF-16 unit: text this short cannot hold more than `max` of them.
  if (text.length <= max) return { text, cut: false };
  let count = 0;
  for (const { index } of graphemes.segment(text)) {
    if (count === max) return { text: text.slice(0, index), cut: true };
    count++;
  }
  return { text, cut: false };
}
