import { escapeMarkdown } from '../experiences/newsletter-renderer.ts';
import type { ExportDocument, ExportFile } from './interview-export-document.ts';

/**
 * transcript.md: the interview as Markdown, every text escaped (an answer's `*` or `[x](y)` stays what
 * was said), media linked to their files in the ZIP (a photo shown), the missing ones said so. No
 * RIGHT-TO-LEFT MARK anywhere: a heading must begin its line with `#`, and a renderer gives each
 * paragraph the direction of its first letter.
 */
export function renderTranscriptMarkdown(doc: ExportDocument): string {
  const lines: string[] = [`# ${escapeMarkdown(doc.title)}`, ''];
  for (const fact of doc.facts) lines.push(`- ${escapeMarkdown(fact)}`);
  lines.push('');
  for (const section of doc.sections) {
    lines.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const item of section.items) {
      lines.push(`### ${escapeMarkdown(item.question)}`, '');
      if (item.answer.kind === 'text') {
        // A blank line between an answer's paragraphs; a single line break kept as one (two spaces).
        lines.push(escapeMarkdown(item.answer.text).replace(/(?<!\n)\n(?!\n)/g, '  \n'), '');
      } else {
        for (const file of item.answer.files) lines.push(fileLine(file), '');
      }
    }
  }
  return lines.join('\n');
}

function fileLine(file: ExportFile): string {
  const label = escapeMarkdown(file.label);
  const caption = file.caption ? ` — ${escapeMarkdown(file.caption)}` : '';
  if (!file.path) return `${label}${caption} — *${escapeMarkdown(file.missing ?? '')}*`;
  // Encoded: a name with non-Latin letters or brackets is still one link target.
  const target = encodeURI(file.path).replace(/[()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return file.media === 'photo' ? `![${label}](${target})${caption}` : `[${label}](${target})${caption}`;
}
