import escapeHtml from 'escape-html';

/**
 * The text of closed minutes (`Minutes.body`: the Markdown that renderMinutesMarkdown wrote) as HTML
 * for a page. Only what that renderer writes is understood — headings, paragraphs with hard line
 * breaks, bullet and numbered lists one level deep, `**bold**`, `*italic*` and backslash escapes — and
 * every character of text is escaped, so a member's `<script>` in a decision is shown, never run.
 * Anything else stays text.
 */
export function minutesHtml(markdown: string): string {
  const out: string[] = [];
  const lists: Array<{ tag: 'ul' | 'ol'; indent: number }> = [];
  /** The lines of the paragraph being read; two trailing spaces are Markdown's line break. */
  let paragraph: Array<{ html: string; hardBreak: boolean }> = [];

  const closeParagraph = () => {
    if (paragraph.length === 0) return;
    const html = paragraph.map(
      (line, i) => line.html + (i === paragraph.length - 1 ? '' : line.hardBreak ? '<br>' : ' '),
    );
    out.push(`<p>${html.join('')}</p>\n`);
    paragraph = [];
  };
  const closeListsDeeperThan = (indent: number) => {
    while (lists.length > 0 && lists[lists.length - 1]!.indent > indent) {
      out.push(`</li></${lists.pop()!.tag}>${lists.length === 0 ? '\n' : ''}`);
    }
  };

  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      closeParagraph();
      continue;
    }
    if (heading) {
      closeParagraph();
      closeListsDeeperThan(-1);
      // The page's own title is the h1: the document's headings go one level down.
      const level = Math.min(heading[1]!.length + 1, 6);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>\n`);
      continue;
    }
    if (item) {
      closeParagraph();
      const indent = item[1]!.length;
      const tag = item[2] ? 'ul' : 'ol';
      closeListsDeeperThan(indent);
      const top = lists[lists.length - 1];
      if (top && top.indent === indent && top.tag === tag) {
        out.push('</li><li>');
      } else {
        if (top && top.indent === indent) out.push(`</li></${lists.pop()!.tag}>`);
        lists.push({ tag, indent });
        out.push(`<${tag}><li>`);
      }
      out.push(inline(item[4]!));
      continue;
    }
    closeListsDeeperThan(-1);
    paragraph.push({ html: inline(line.trim()), hardBreak: / {2,}$/.test(line) });
  }
  closeParagraph();
  closeListsDeeperThan(-1);
  return out.join('');
}

/** `**bold**`, `*italic*` and `\x` escapes of one line, every text character escaped for HTML. */
function inline(text: string): string {
  let html = '';
  let plain = '';
  const open: Array<'strong' | 'em'> = [];
  const flush = () => {
    html += escapeHtml(plain);
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      plain += text[++i];
    } else if (ch === '*') {
      flush();
      const tag = text[i + 1] === '*' ? 'strong' : 'em';
      if (tag === 'strong') i++;
      if (open[open.length - 1] === tag) {
        open.pop();
        html += `</${tag}>`;
      } else {
        open.push(tag);
        html += `<${tag}>`;
      }
    } else {
      plain += ch;
    }
  }
  flush();
  while (open.length > 0) html += `</${open.pop()!}>`;
  return html;
}
