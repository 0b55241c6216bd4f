/**
 * What a `parse_mode: HTML` text the bot sent may contain. The adapter renders every text from the core
 * as plain text (`escapeHtml`), so it produces no tag at all: any tag in a sent text came from a
 * member's input unescaped. Only the three entities `escapeHtml` writes (and `&quot;`) may appear.
 */
const TAGS_THE_ADAPTER_PRODUCES = new Set<string>();
const ENTITIES = new Set(['&amp;', '&lt;', '&gt;', '&quot;']);

/** Problems with one sent HTML text, empty when it is well-formed and all its text escaped. */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < html.length; i++) {
    const char = html[i];
    if (char === '<') {
      const tag = /^<\/?([a-z-]+)/i.exec(html.slice(i));
      if (!tag || !TAGS_THE_ADAPTER_PRODUCES.has(tag[1]!.toLowerCase())) {
        problems.push(`unescaped "<" at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`);
      }
    } else if (char === '>') {
      problems.push(`unescaped ">" at ${i}: ${JSON.stringify(html.slice(Math.max(0, i - 19), i + 1))}`);
    } else if (char === '&') {
      const entity = /^&[a-z#0-9]*;?/i.exec(html.slice(i))![0];
      if (!ENTITIES.has(entity)) problems.push(`unescaped "&" at ${i}: ${JSON.stringify(html.slice(i, i + 12))}`);
    }
  }
  return problems;
}

/** The text a Telegram client shows for an HTML text with no tags: its entities decoded. */
export function visibleHtmlText(html: string): string {
  return html.replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name]!);
}
