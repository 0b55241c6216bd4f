/**
 * Bidirectional text marks. A Persian message that starts with a Latin word (a command, a name) is shown
 * left-to-right by clients unless it begins with RIGHT-TO-LEFT MARK; a Latin name or a number inserted
 * into Persian text must be isolated (FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE) so that it does
 * not reorder the words around it.
 */
export const RLM = '\u200F';
export const FSI = '\u2068';
export const PDI = '\u2069';

export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

export function startRightToLeft(text: string): string {
  return text.startsWith(RLM) ? text : RLM + text;
}

/** Every line of a Persian message starts with RLM, since clients pick each paragraph's direction anew. */
export function rightToLeftParagraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? startRightToLeft(line) : line))
    .join('\n');
}

/**
 * Text rendered by the translator, ready to go inside another message: the marks that
 * `rightToLeftParagraphs` put at the start of its lines belong at the start of the outer message's
 * lines only (a Persian word inserted into an English reply would carry a stray mark).
 */
export function withoutParagraphMarks(text: string): string {
  return text.replace(/^\u200F/gm, '');
}
