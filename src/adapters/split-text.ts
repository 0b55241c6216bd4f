/** Where a long text may be cut, best first: between paragraphs, between lines, between words. */
const SEPARATORS = ['\n\n', '\n', ' '];

/**
 * Splits a plain text into parts of at most `max` characters (UTF-16 units, as Telegram counts),
 * cutting at the last paragraph boundary that keeps a part at least half full, else at a line break,
 * else between words, else anywhere but inside a surrogate pair. The separator at a cut is dropped.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const [cut, skip] = findCut(rest, max);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  parts.push(rest);
  // Telegram refuses an empty or blank message.
  return parts.filter((part) => part.trim() !== '');
}

function findCut(text: string, max: number): [cut: number, skip: number] {
  for (const minimum of [Math.floor(max / 2), 1]) {
    for (const separator of SEPARATORS) {
      const at = text.lastIndexOf(separator, max);
      if (at >= minimum) return [at, separator.length];
    }
  }
  const highSurrogate = /[\uD800-\uDBFF]/.test(text.charAt(max - 1));
  return [highSurrogate ? max - 1 : max, 0];
}
