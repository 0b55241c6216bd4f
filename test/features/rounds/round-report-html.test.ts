import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { renderRoundReportHtml } from '../../../src/features/rounds/round-report-html.ts';
import { formatFor, sampleReport, translator } from './round-report-support.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, tag: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n && n.tagName === tag) found.push(n);
    if ('childNodes' in n) for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return found;
}

function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function page(language: 'en' | 'fa'): { html: string; tree: DefaultTreeAdapterMap['document']; errors: string[] } {
  const html = renderRoundReportHtml(sampleReport(language), translator.forLanguage(language), formatFor(language));
  const errors: string[] = [];
  const tree = parse(html, { onParseError: (e) => errors.push(e.code) });
  return { html, tree, errors };
}

describe('round report HTML', () => {
  it('GIVEN the Persian report THEN the page is right to left with lang="fa", carries Vazirmatn and parses cleanly', () => {
    const { html, tree, errors } = page('fa');
    expect(errors).toEqual([]);
    const [root] = elements(tree, 'html');
    expect(attr(root!, 'dir')).toBe('rtl');
    expect(attr(root!, 'lang')).toBe('fa');
    const style = text(elements(tree, 'style')[0]!);
    expect(style).toMatch(/@font-face \{ font-family: Vazirmatn; font-weight: 400;[^}]*url\(data:font\/woff2;base64,/);
    expect(html).not.toMatch(/\u200F/);
    expect(text(elements(tree, 'h1')[0]!)).toContain('گزارش فعالیت فصلی');
  });

  it('GIVEN the English report THEN it is left to right and carries no font', () => {
    const { tree, errors } = page('en');
    expect(errors).toEqual([]);
    expect(attr(elements(tree, 'html')[0]!, 'dir')).toBe('ltr');
    expect(text(elements(tree, 'style')[0]!)).not.toContain('@font-face');
    expect(text(elements(tree, 'title')[0]!)).toBe('Quarterly activity report — 1405-Q3');
  });

  it('GIVEN a library named <script> and a text with <script> THEN both are shown as text, never run', () => {
    const { html, tree } = page('en');
    expect(elements(tree, 'script')).toEqual([]);
    expect(html).not.toContain('<script>');
    const names = elements(tree, 'h4').map(text);
    expect(names).toEqual(['Central Library <script>alert(1)</script>', 'Hue University Library']);
    expect(elements(tree, 'p').map(text)).toContain('=1+1 <script>alert("x")</script>');
  });

  it('GIVEN the page THEN it needs nothing from outside', () => {
    const { html, tree } = page('fa');
    expect(elements(tree, 'link')).toEqual([]);
    expect(elements(tree, 'img')).toEqual([]);
    expect(html.match(/url\(([^)]*)\)/g)!.every((url) => url.startsWith('url(data:'))).toBe(true);
  });

  it('GIVEN the number questions THEN a table gives each one its sum, mean, median, bounds and change', () => {
    const { tree } = page('en');
    const table = elements(tree, 'table').find((t) => attr(t, 'class') === 'figures')!;
    expect(elements(table, 'th').slice(0, 11).map(text)).toEqual([
      'Question',
      'Answered',
      'Sum',
      'Mean',
      'Median',
      'Min',
      'Max',
      'Sum in 1405-Q2',
      'Change',
      'Change (%)',
      '1. How many visits did the library have in the quarter? (visits)',
    ]);
    const visits = elements(table, 'tr')[1]!;
    expect(elements(visits, 'td').map(text)).toEqual([
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

  it('GIVEN the Persian report THEN its figures are in Persian digits, and a library’s Latin name is isolated', () => {
    const { tree } = page('fa');
    const table = elements(tree, 'table').find((t) => attr(t, 'class') === 'figures')!;
    expect(elements(elements(table, 'tr')[1]!, 'td').map(text).slice(0, 2)).toEqual(['۳', '۲٬۴۵۵']);
    expect(elements(tree, 'bdi').map(text)).toContain('Central Library <script>alert(1)</script>');
  });

  it('GIVEN choice and scale questions THEN each has its chart inline as SVG, mirrored in Persian, and the status has one', () => {
    for (const language of ['en', 'fa'] as const) {
      const { tree } = page(language);
      const charts = elements(tree, 'svg');
      expect(charts, language).toHaveLength(3);
      const anchors = new Set(charts.flatMap((svg) => elements(svg, 'text').map((t) => attr(t, 'text-anchor'))));
      expect([...anchors], language).toEqual([language === 'fa' ? 'end' : 'start']);
    }
    const { tree } = page('en');
    const labels = elements(elements(tree, 'svg')[1]!, 'text').map((t) => text(t).replace(/[\u202A-\u202C]/g, ''));
    expect(labels).toContain('Exhibitions');
    expect(labels).toContain('2 (100%)');
  });

  it('GIVEN missing libraries THEN they are listed by name under the completeness', () => {
    const { tree } = page('en');
    const missing = elements(tree, 'ul').find((ul) => attr(ul, 'class') === 'missing')!;
    expect(elements(missing, 'li').map(text)).toEqual(['Can Tho Library', 'Vinh Library']);
    expect(text(elements(tree, 'p').find((p) => attr(p, 'class') === 'summary')!)).toContain(
      '5 libraries expected: 2 on time, 1 late, 2 missing.',
    );
  });
});
