import { marked, type Tokens } from 'marked';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { NewsletterDocument } from '../../../src/features/experiences/newsletter-document.ts';
import { escapeMarkdown, renderHtml, renderMarkdown } from '../../../src/features/experiences/newsletter-renderer.ts';
import { formatDate } from '../../../src/i18n/date-format.ts';
import { Translator } from '../../../src/i18n/translator.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, tag: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n && n.tagName === tag) found.push(n);
    if ('childNodes' in n) for (const child of n.childNodes) walk(child);
    if ('content' in n && n.content) walk(n.content as unknown as Node);
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

function doc(language: NewsletterDocument['language'], title: string): NewsletterDocument {
  return {
    language,
    title,
    meta: '1 June 2025 · 2 experiences',
    groups: [
      {
        heading: 'Digital <library>',
        items: [
          {
            id: 7,
            title: 'Scanning & <b>OCR</b> "tips"',
            byline: 'Sara, Central Library',
            excerpt: 'Line one\nline *two* [link](http://x) & more',
            source: 'Reza, 3 June 2025',
          },
        ],
      },
      {
        heading: 'Other',
        items: [{ id: 9, title: 'Plain', byline: 'anonymous', excerpt: '# not a heading', source: null }],
      },
    ],
  };
}

describe('newsletter renderer: HTML', () => {
  it('GIVEN a Persian document THEN the page is right to left with lang="fa" and parses without an error', () => {
    const errors: string[] = [];
    const tree = parse(renderHtml(doc('fa', 'تجربه‌نامه، شماره‌ی ۱')), { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
    const [html] = elements(tree, 'html');
    expect(attr(html!, 'dir')).toBe('rtl');
    expect(attr(html!, 'lang')).toBe('fa');
    expect(text(elements(tree, 'title')[0]!)).toBe('تجربه‌نامه، شماره‌ی ۱');
    // An experience's number in Persian digits, like every number of a Persian text.
    expect(elements(tree, 'span').map(text)).toEqual(['#۷', '#۹']);
  });

  it('GIVEN an English document THEN it is left to right', () => {
    const tree = parse(renderHtml(doc('en', 'Issue 1')));
    expect(attr(elements(tree, 'html')[0]!, 'dir')).toBe('ltr');
  });

  it('GIVEN members’ text with markup THEN it is shown as text, never as elements', () => {
    const tree = parse(renderHtml(doc('en', 'Issue <1>')));
    expect(elements(tree, 'b')).toEqual([]);
    const headings = elements(tree, 'h3').map((h) => text(h).replace(/\s+#\d+$/, ''));
    expect(headings).toEqual(['Scanning & <b>OCR</b> "tips"', 'Plain']);
    expect(elements(tree, 'h2').map(text)).toEqual(['Digital <library>', 'Other']);
    expect(text(elements(tree, 'title')[0]!)).toBe('Issue <1>');
  });

  it('GIVEN a document THEN each experience is one article with its id, byline, excerpt and source', () => {
    const tree = parse(renderHtml(doc('en', 'Issue 1')));
    const articles = elements(tree, 'article');
    expect(articles.map((a) => attr(a, 'id'))).toEqual(['experience-7', 'experience-9']);
    expect(text(articles[0]!)).toContain('Sara, Central Library');
    expect(text(articles[0]!)).toContain('Reza, 3 June 2025');
    expect(elements(articles[1]!, 'p').some((p) => attr(p, 'class') === 'source')).toBe(false);
  });

  it('GIVEN the page THEN it needs nothing from outside (no link, script or remote image)', () => {
    const tree = parse(renderHtml(doc('fa', 'x')));
    expect(elements(tree, 'link')).toEqual([]);
    expect(elements(tree, 'script')).toEqual([]);
    expect(elements(tree, 'img')).toEqual([]);
    expect(attr(elements(tree, 'meta')[0]!, 'charset')).toBe('utf-8');
  });

  it('GIVEN Persian text carrying the chat’s bidi marks THEN the page has none of them', () => {
    const persian = doc('fa', '\u200Fعنوان \u2068Library\u2069');
    expect(renderHtml(persian)).not.toMatch(/[\u200F\u2068\u2069]/);
  });
});

describe('newsletter renderer: Markdown', () => {
  it('GIVEN a document THEN headings come from the title, the groups and the experiences', () => {
    const md = renderMarkdown(doc('en', 'Issue 1'));
    const headings = md.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Issue 1',
      '## Digital \\<library\\>',
      '### Scanning & \\<b\\>OCR\\</b\\> "tips"',
      '## Other',
      '### Plain',
    ]);
  });

  it('GIVEN members’ text with Markdown syntax THEN it is escaped', () => {
    expect(escapeMarkdown('line *two* [link](http://x)')).toBe('line \\*two\\* \\[link\\](http://x)');
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not a number')).toBe(
      '\\# not a heading\n\\- not a list\n1\\. not a number',
    );
    expect(renderMarkdown(doc('en', 'x'))).toContain('\\# not a heading');
  });

  it('GIVEN a Persian or English document THEN a Markdown parser reads the title, groups and experiences as headings, and members’ text as text', () => {
    for (const language of ['fa', 'en'] as const) {
      const title = language === 'fa' ? '\u200Fتجربه‌نامه، شماره‌ی ۱' : 'Issue 1';
      const tokens = marked.lexer(renderMarkdown(doc(language, title)));
      const headings = tokens.filter((token) => token.type === 'heading') as Tokens.Heading[];
      expect(
        headings.map((heading) => [heading.depth, heading.text]),
        language,
      ).toEqual([
        [1, title.replace('\u200F', '')],
        [2, 'Digital \\<library\\>'],
        [3, 'Scanning & \\<b\\>OCR\\</b\\> "tips"'],
        [2, 'Other'],
        [3, 'Plain'],
      ]);
      expect(tokens[0]!.type, language).toBe('heading');
      const html = marked.parse(renderMarkdown(doc(language, title)), { async: false });
      expect(html).toContain('# not a heading');
      expect(html).not.toContain('<b>');
    }
  });

  it('GIVEN a Persian document THEN it carries no bidi control (not even before the title)', () => {
    const md = renderMarkdown(doc('fa', '\u200Fتجربه‌نامه'));
    expect(md.startsWith('# ')).toBe(true);
    expect(md).not.toMatch(/[\u200E\u200F\u2066-\u2069]/);
    expect(md).toContain('تجربه‌نامه');
  });
});

describe('newsletter date line', () => {
  const translator = new Translator();
  const format = { language: 'fa' as const, calendar: 'persian' as const, timeZone: 'Asia/Tehran' };
  const date = formatDate(new Date('2026-12-07T08:00:00Z'), format);

  it('GIVEN a Persian issue THEN no dot-like separator stands between the date and the count (it reads as a Persian zero)', () => {
    const lines = [
      translator.t('fa', 'newsletter.doc.meta', { date, count: 3 }),
      translator.t('fa', 'newsletter.doc.meta-period', { date, count: 3, from: date, to: date }),
    ];
    for (const line of lines) {
      expect(line).toContain('۱۶ آذر ۱۴۰۵');
      expect(line, line).not.toMatch(/[۰-۹][\s\u2068\u2069]*[·.•∙⋅][\s\u2068\u2069]*[۰-۹]/);
    }
  });
});
