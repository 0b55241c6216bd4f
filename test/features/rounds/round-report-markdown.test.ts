import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderRoundReportMarkdown } from '../../../src/features/rounds/round-report-markdown.ts';
import { formatFor, sampleReport, translator } from './round-report-support.ts';

function markdown(language: 'en' | 'fa'): string {
  return renderRoundReportMarkdown(sampleReport(language), translator.forLanguage(language), formatFor(language));
}

describe('round report Markdown', () => {
  it('GIVEN the report THEN its headings are the title, the completeness, the sections and the non-number questions', () => {
    const headings = marked.lexer(markdown('en')).filter((t) => t.type === 'heading') as Tokens.Heading[];
    expect(headings.map((h) => [h.depth, h.text])).toEqual([
      [1, 'Quarterly activity report — 1405-Q3'],
      [2, 'Completeness'],
      [2, 'Services'],
      [2, 'Training and events'],
      [3, '6\\. What kinds of events were they? Choose all that apply.'],
      [2, 'Digital library'],
      [2, 'Experience of the quarter'],
      [
        3,
        "8\\. What was your library's most useful experience this quarter, something that worked or a problem you solved, that other libraries could learn from?",
      ],
      [3, "9\\. How satisfied are you with the network's support this quarter?"],
      [3, "10\\. If you have them, attach your library's own quarterly report or photos of its activities."],
    ]);
  });

  it('GIVEN the number questions THEN a Markdown parser reads a table with their sums and change', () => {
    const tables = marked.lexer(markdown('en')).filter((t) => t.type === 'table') as Tokens.Table[];
    expect(tables).toHaveLength(3);
    const visits = tables[0]!.rows[0]!.map((cell) => cell.text);
    expect(visits).toEqual([
      '1\\. How many visits did the library have in the quarter? (visits)',
      '3',
      '2,455',
      '818.33',
      '800',
      '455',
      '1,200',
      '1,700',
      '+755',
      '+44.4%',
    ]);
  });

  it('GIVEN libraries’ texts and names with markup THEN they are escaped, and each text is under its library', () => {
    const md = markdown('en');
    expect(md).toContain(
      '**Central Library \\<script\\>alert(1)\\</script\\>**\n\n> \\=1+1 \\<script\\>alert("x")\\</script\\>',
    );
    expect(marked.lexer(md).some((token) => token.type === 'html')).toBe(false);
    expect(md).toContain('- Can Tho Library\n- Vinh Library');
    expect(md).toContain('- Exhibitions: 2 (100%)');
    expect(md).toContain('- **Central Library \\<script\\>alert(1)\\</script\\>**: report-q3.pdf');
  });

  it('GIVEN the Persian report THEN it has Persian digits and none of the chat’s direction marks', () => {
    const md = markdown('fa');
    expect(md).not.toMatch(/[\u200F\u2068\u2069]/);
    expect(md).toContain('۲٬۴۵۵');
    expect(md.split('\n')[0]).toBe('# گزارش فعالیت فصلی — 1405-Q3');
  });
});
