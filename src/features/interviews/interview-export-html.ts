import escapeHtml from 'escape-html';
import { isRightToLeft } from '../../i18n/languages.ts';
import { persianFontFaces } from '../rounds/round-report-html.ts';
import type { ExportDocument, ExportFile } from './interview-export-document.ts';

/**
 * transcript.html: the interview as one standalone page that reads the same opened from the unpacked
 * ZIP on any machine: no external resource but the media files beside it (photos shown, voices and
 * recordings playable), a Persian page right to left with its Vazirmatn font inside. Every text is
 * escaped; each answer takes its own direction (`dir="auto"`: an English name in a Persian answer).
 */
export function renderTranscriptHtml(doc: ExportDocument): string {
  const rtl = isRightToLeft(doc.language);
  const sections = doc.sections
    .map((section) => {
      const items = section.items
        .map((item) => {
          const answer =
            item.answer.kind === 'text' ? paragraphs(item.answer.text) : item.answer.files.map(fileHtml).join('\n');
          return `<article>\n<h3 dir="auto">${escapeHtml(item.question)}</h3>\n${answer}\n</article>`;
        })
        .join('\n');
      return `<section>\n<h2>${escapeHtml(section.title)}</h2>\n${items}\n</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${doc.language}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${rtl ? persianFontFaces() : ''}${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<ul class="facts">${doc.facts.map((fact) => `<li>${escapeHtml(fact)}</li>`).join('')}</ul>
</header>
${sections}
</main>
</body>
</html>
`;
}

/** An answer's paragraphs (a story told over several messages), each in its own direction. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p class="answer" dir="auto">${escapeHtml(paragraph)}</p>`)
    .join('\n');
}

function fileHtml(file: ExportFile): string {
  const label = escapeHtml(file.label);
  const caption = file.caption ? `<figcaption dir="auto">${escapeHtml(file.caption)}</figcaption>` : '';
  if (!file.path) {
    return `<figure class="media missing"><p><span>${label}</span> — <span class="why">${escapeHtml(file.missing ?? '')}</span></p>${caption}</figure>`;
  }
  const src = escapeHtml(encodeURI(file.path));
  const link = `<a href="${src}">${label}</a>`;
  if (file.mimeType.startsWith('image/')) {
    return `<figure class="media"><a href="${src}"><img src="${src}" alt="${label}"></a><p>${link}</p>${caption}</figure>`;
  }
  if (file.mimeType.startsWith('audio/') || file.media === 'voice' || file.media === 'audio') {
    return `<figure class="media"><audio controls preload="none" src="${src}"></audio><p>${link}</p>${caption}</figure>`;
  }
  return `<figure class="media"><p>${link}</p>${caption}</figure>`;
}

const STYLE = `
body { margin: 0; background: #f6f4ef; color: #222; font: 17px/1.8 Vazirmatn, "Noto Sans", "Segoe UI", Tahoma, Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
ul.facts { list-style: none; margin: 0 0 2rem; padding: 0; color: #555; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #c9b98f; padding-bottom: .25rem; margin-top: 2.5rem; }
article { margin: 1.5rem 0; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; color: #5a4a1f; }
.answer { margin: 0; white-space: pre-line; }
.answer + .answer { margin-top: .6rem; }
figure.media { margin: .75rem 0; }
figure.media img { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; }
figure.media audio { display: block; width: 100%; max-width: 28rem; }
figure.media p { margin: .3rem 0 0; font-size: .92rem; }
figure.missing p { color: #8a3b12; }
figcaption { color: #555; font-size: .92rem; }
@media print { body { background: #fff; } main { max-width: none; } audio { display: none; } }
`;
