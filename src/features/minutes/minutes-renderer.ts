/**
 * The minutes document as the chat message, a Markdown file and a standalone HTML page. Pure functions
 * of the document (the Persian font is read once from the `vazirmatn` package); every member's text is
 * escaped for the format.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import escapeHtml from 'escape-html';
import { isolate, rightToLeftParagraphs, withoutParagraphMarks } from '../../i18n/bidi.ts';
import { isRightToLeft } from '../../i18n/languages.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import { escapeMarkdown } from '../experiences/newsletter-renderer.ts';
import type { MinutesDocument } from './minutes-document.ts';

/**
 * The chat message: plain text (each adapter escapes it and splits it at the platform's length). In
 * Persian every line starts right to left and each member's text is isolated, so that a Latin name or
 * a decision number does not turn the line around.
 */
export function renderMinutesText(doc: MinutesDocument): string {
  const rtl = isRightToLeft(doc.language);
  const own = (text: string) => (rtl ? isolate(oneLine(text)) : oneLine(text));
  const lines: string[] = [doc.title, ...doc.meta, ''];
  lines.push(`${doc.labels.decisions}:`);
  if (doc.decisions.length === 0) lines.push(`  ${doc.labels.none}`);
  for (const d of doc.decisions) lines.push(`• ${own(d.number)} — ${own(d.text)}`);
  lines.push('', `${doc.labels.actions}:`);
  if (doc.actions.length === 0) lines.push(`  ${doc.labels.none}`);
  for (const a of doc.actions) lines.push(`• ${own(a.text)} — ${a.details}`);
  if (doc.topics.length > 0) {
    lines.push('', `${doc.labels.topics}:`);
    doc.topics.forEach((topic, i) => {
      lines.push(`${localizeDigits(String(i + 1), doc.language)}. ${own(topic.title)} (${topic.state})`);
      for (const note of topic.notes) lines.push(`   – ${own(note)}`);
    });
  }
  if (doc.looseNotes.length > 0) {
    lines.push('', `${doc.labels.looseNotes}:`);
    for (const note of doc.looseNotes) lines.push(`– ${own(note)}`);
  }
  lines.push('', `${doc.labels.attendees}: ${names(doc.attendees, doc, own)}`);
  lines.push(`${doc.labels.absentees}: ${names(doc.absentees, doc, own)}`);
  const text = lines.map(withoutParagraphMarks).join('\n');
  return rtl ? rightToLeftParagraphs(text) : text;
}

function names(list: string[], doc: MinutesDocument, own: (text: string) => string): string {
  return list.length === 0 ? doc.labels.none : list.map(own).join(doc.language === 'fa' ? '، ' : ', ');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Bidi controls the translator put: documents take their direction from the page or the paragraph. */
function plain(text: string): string {
  return text.replace(/[\u200E\u200F\u2066-\u2069]/g, '');
}

export function renderMinutesMarkdown(doc: MinutesDocument): string {
  const md = (text: string) => escapeMarkdown(plain(text));
  const lines: string[] = [`# ${md(doc.title)}`, ''];
  for (const line of doc.meta) lines.push(`${md(line)}  `);
  lines.push('', `## ${md(doc.labels.decisions)}`, '');
  if (doc.decisions.length === 0) lines.push(`*${md(doc.labels.none)}*`);
  for (const d of doc.decisions) lines.push(`- **${md(d.number)}** — ${md(oneLine(d.text))}`);
  lines.push('', `## ${md(doc.labels.actions)}`, '');
  if (doc.actions.length === 0) lines.push(`*${md(doc.labels.none)}*`);
  for (const a of doc.actions) lines.push(`- ${md(oneLine(a.text))} — ${md(a.details)}`);
  if (doc.topics.length > 0) {
    lines.push('', `## ${md(doc.labels.topics)}`, '');
    doc.topics.forEach((topic, i) => {
      lines.push(`${i + 1}. **${md(oneLine(topic.title))}** (${md(topic.state)})`);
      for (const note of topic.notes) lines.push(`    - ${md(oneLine(note))}`);
    });
  }
  if (doc.looseNotes.length > 0) {
    lines.push('', `## ${md(doc.labels.looseNotes)}`, '');
    for (const note of doc.looseNotes) lines.push(`- ${md(oneLine(note))}`);
  }
  lines.push('', `## ${md(doc.labels.attendees)}`, '', md(doc.attendees.join(', ') || doc.labels.none));
  lines.push('', `## ${md(doc.labels.absentees)}`, '', md(doc.absentees.join(', ') || doc.labels.none), '');
  return lines.join('\n');
}

const STYLE = `
body { margin: 0; background: #f5f3ee; color: #1f2328; font: 17px/1.75 Vazirmatn, "Noto Sans", Tahoma, "Segoe UI", Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
.meta { color: #555; margin: 0 0 1.5rem; padding: 0; list-style: none; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #b9a77a; padding-bottom: .2rem; margin: 2rem 0 .75rem; }
ul, ol { padding-inline-start: 1.5rem; margin: 0; }
:lang(fa) ol { list-style-type: persian; }
li { margin: .3rem 0; }
.number { font-weight: 700; white-space: nowrap; unicode-bidi: isolate; direction: ltr; }
.details { color: #555; }
.state { color: #777; font-size: .9rem; }
.notes { list-style: "– "; color: #333; }
.none { color: #888; font-style: italic; }
.names { margin: 0; }
@media print { body { background: #fff; } main { max-width: none; } }
`;

/**
 * A page that reads the same opened from disk, mailed or printed: no external resource, right to
 * left for Persian with its font inside. The isolates around values stay (browsers honour them);
 * the marks at line starts go, the page sets the direction.
 */
export function renderMinutesHtml(doc: MinutesDocument): string {
  const rtl = isRightToLeft(doc.language);
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  // Members' own texts: each in its own direction, so that an English note reads right in a Persian page.
  const own = (text: string) => `<bdi>${escapeHtml(oneLine(plain(text)))}</bdi>`;
  const none = `<p class="none">${h(doc.labels.none)}</p>`;
  const section = (label: string, body: string) => `<section>\n<h2>${h(label)}</h2>\n${body}\n</section>`;
  const decisions = doc.decisions.length
    ? `<ul>\n${doc.decisions.map((d) => `<li><span class="number">${escapeHtml(d.number)}</span> — ${own(d.text)}</li>`).join('\n')}\n</ul>`
    : none;
  const actions = doc.actions.length
    ? `<ul>\n${doc.actions.map((a) => `<li>${own(a.text)} <span class="details">— ${h(a.details)}</span></li>`).join('\n')}\n</ul>`
    : none;
  const topics = doc.topics
    .map((topic) => {
      const notes = topic.notes.length
        ? `\n<ul class="notes">\n${topic.notes.map((note) => `<li>${own(note)}</li>`).join('\n')}\n</ul>`
        : '';
      return `<li><strong>${own(topic.title)}</strong> <span class="state">(${h(topic.state)})</span>${notes}</li>`;
    })
    .join('\n');
  const names = (list: string[]) =>
    list.length ? `<p class="names">${list.map(own).join(rtl ? '، ' : ', ')}</p>` : none;
  const parts = [
    section(doc.labels.decisions, decisions),
    section(doc.labels.actions, actions),
    ...(doc.topics.length ? [section(doc.labels.topics, `<ol>\n${topics}\n</ol>`)] : []),
    ...(doc.looseNotes.length
      ? [
          section(
            doc.labels.looseNotes,
            `<ul class="notes">\n${doc.looseNotes.map((n) => `<li>${own(n)}</li>`).join('\n')}\n</ul>`,
          ),
        ]
      : []),
    section(doc.labels.attendees, names(doc.attendees)),
    section(doc.labels.absentees, names(doc.absentees)),
  ];
  return `<!DOCTYPE html>
<html lang="${doc.language}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(doc.title)}</title>
<style>${rtl ? persianFontFaces() : ''}${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${h(doc.title)}</h1>
<ul class="meta">
${doc.meta.map((line) => `<li>${h(line)}</li>`).join('\n')}
</ul>
</header>
${parts.join('\n')}
</main>
</body>
</html>
`;
}

const require = createRequire(import.meta.url);
let fontFaces: string | undefined;

/**
 * Vazirmatn inside a Persian page (WOFF2, about 50 kB a weight): the file is opened on phones and
 * office machines that lack the font, and Persian in a fallback font reads poorly.
 */
function persianFontFaces(): string {
  if (fontFaces === undefined) {
    const dir = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
    const face = (file: string, weight: number) =>
      `@font-face { font-family: Vazirmatn; font-weight: ${weight}; font-style: normal; font-display: swap; ` +
      `src: url(data:font/woff2;base64,${readFileSync(path.join(dir, file)).toString('base64')}) format("woff2"); }\n`;
    fontFaces = face('Vazirmatn-Regular.woff2', 400) + face('Vazirmatn-Bold.woff2', 700);
  }
  return fontFaces;
}
