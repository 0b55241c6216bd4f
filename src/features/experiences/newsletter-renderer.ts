import escapeHtml from 'escape-html';
import { isRightToLeft } from '../../i18n/languages.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { NewsletterDocument } from './newsletter-document.ts';

/**
 * A newsletter issue as a Markdown file and as a standalone HTML page (no external resource, so that it
 * reads the same opened from disk). Both are pure functions of the document; every member's text is
 * escaped for the format.
 */

/** Bidi controls the translator put in Persian text: they belong in chat messages, not in documents. */
function plain(text: string): string {
  return text.replace(/[\u200E\u200F\u2066-\u2069]/g, '');
}

/** Markdown's special characters in a member's text, so that `*` or `[x](y)` stay what was written. */
export function escapeMarkdown(text: string): string {
  return plain(text)
    .replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3');
}

export function renderMarkdown(doc: NewsletterDocument): string {
  const lines: string[] = [`# ${escapeMarkdown(doc.title)}`, '', escapeMarkdown(doc.meta), ''];
  for (const group of doc.groups) {
    lines.push(`## ${escapeMarkdown(group.heading)}`, '');
    for (const item of group.items) {
      lines.push(`### ${escapeMarkdown(item.title)}`, '', `*${escapeMarkdown(item.byline)}*`, '');
      lines.push(escapeMarkdown(item.excerpt), '');
      if (item.source) lines.push(`> ${escapeMarkdown(item.source)}`, '');
    }
  }
  // No RIGHT-TO-LEFT MARK in front: a Markdown heading must start its line with `#`, and renderers
  // pick each paragraph's direction from its first letter anyway.
  return lines.join('\n');
}

const STYLE = `
body { margin: 0; background: #f6f4ef; color: #222; font: 17px/1.7 Vazirmatn, Tahoma, "Noto Sans", "Segoe UI", Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.meta { color: #666; margin: 0 0 2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #c9b98f; padding-bottom: .25rem; margin-top: 2.5rem; }
article { margin: 1.5rem 0; }
h3 { font-size: 1.1rem; margin: 0; }
.byline { color: #555; font-style: italic; margin: .2rem 0 .5rem; }
.excerpt { margin: 0; white-space: pre-line; }
.source { color: #666; font-size: .9rem; margin: .4rem 0 0; }
.id { color: #999; font-size: .85rem; }
`;

export function renderHtml(doc: NewsletterDocument): string {
  const rtl = isRightToLeft(doc.language);
  const h = (text: string) => escapeHtml(plain(text));
  const sections = doc.groups
    .map((group) => {
      const articles = group.items
        .map(
          (item) => `<article id="experience-${item.id}">
<h3>${h(item.title)} <span class="id">#${localizeDigits(String(item.id), doc.language)}</span></h3>
<p class="byline">${h(item.byline)}</p>
<p class="excerpt">${h(item.excerpt)}</p>${item.source ? `\n<p class="source">${h(item.source)}</p>` : ''}
</article>`,
        )
        .join('\n');
      return `<section>\n<h2>${h(group.heading)}</h2>\n${articles}\n</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${doc.language}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${h(doc.title)}</h1>
<p class="meta">${h(doc.meta)}</p>
</header>
${sections}
</main>
</body>
</html>
`;
}
