/**
 * A horizontal bar chart as SVG text, for resvg to draw (chart-renderer.ts). Pure. Each bar has its
 * label on a line of its own above it, so that long options need no cutting to a column. A
 * right-to-left chart (Persian) mirrors the layout: labels and bars start at the right edge.
 *
 * resvg shapes Arabic script and reorders it, but starts each line as left-to-right: every text is
 * therefore wrapped in an explicit embedding (RLE or LRE … PDF) that follows its first strong letter.
 */

export interface BarChartBar {
  label: string;
  value: number;
  /** What is written beside the bar (`12 · 40%`), already in the chart's language and digits. */
  valueText: string;
  highlight?: boolean;
}

export interface BarChartSpec {
  title: string;
  bars: readonly BarChartBar[];
  /** A line under the bars (`30 voters · 60% of members`). */
  footer?: string;
  direction: 'ltr' | 'rtl';
  /** The first family is preferred; resvg falls back to the others for letters it lacks. */
  fontFamilies: readonly string[];
}

export const CHART_WIDTH = 800;
const MARGIN = 28;
const TITLE_SIZE = 24;
const TITLE_LINE = 32;
const LABEL_SIZE = 18;
const BAR_HEIGHT = 24;
const ROW_HEIGHT = 66;
const VALUE_SPACE = 150;
const MAX_TITLE_LINES = 3;
const MAX_LABEL_CHARS = 90;
/** Roughly how many characters of the title fit on a line at its size (no font metrics here). */
const TITLE_CHARS_PER_LINE = 56;

export function chartHeight(spec: Pick<BarChartSpec, 'title' | 'bars' | 'footer'>): number {
  const titleLines = wrap(clean(spec.title), TITLE_CHARS_PER_LINE, MAX_TITLE_LINES).length;
  return MARGIN + titleLines * TITLE_LINE + 16 + spec.bars.length * ROW_HEIGHT + (spec.footer ? 40 : 0) + MARGIN;
}

export function barChartSvg(spec: BarChartSpec): string {
  const rtl = spec.direction === 'rtl';
  const height = chartHeight(spec);
  const start = rtl ? CHART_WIDTH - MARGIN : MARGIN;
  const anchor = rtl ? 'end' : 'start';
  const fonts = spec.fontFamilies.map((f) => `'${f}'`).join(', ');
  const maxValue = Math.max(1, ...spec.bars.map((bar) => bar.value));
  const barSpace = CHART_WIDTH - 2 * MARGIN - VALUE_SPACE;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g font-family="${escapeXml(fonts)}">`,
  ];

  let y = MARGIN;
  for (const line of wrap(clean(spec.title), TITLE_CHARS_PER_LINE, MAX_TITLE_LINES)) {
    y += TITLE_LINE;
    parts.push(text(line, start, y - 8, anchor, TITLE_SIZE, '#1f2933', rtl, 'bold'));
  }
  y += 16;

  for (const bar of spec.bars) {
    const label = truncate(clean(bar.label), MAX_LABEL_CHARS);
    parts.push(text(label, start, y + 22, anchor, LABEL_SIZE, '#323f4b', rtl));
    const length = bar.value > 0 ? Math.max(4, Math.round((bar.value / maxValue) * barSpace)) : 0;
    const barTop = y + 32;
    const x = rtl ? start - length : start;
    const trackX = rtl ? start - barSpace : start;
    parts.push(`<rect x="${trackX}" y="${barTop}" width="${barSpace}" height="${BAR_HEIGHT}" fill="#eef2f6" rx="3"/>`);
    if (length > 0) {
      const fill = bar.highlight ? '#d9480f' : '#3b6ea5';
      parts.push(`<rect x="${x}" y="${barTop}" width="${length}" height="${BAR_HEIGHT}" fill="${fill}" rx="3"/>`);
    }
    const valueX = rtl ? start - barSpace - 12 : start + barSpace + 12;
    parts.push(text(bar.valueText, valueX, barTop + 18, anchor, LABEL_SIZE, '#1f2933', rtl, 'bold'));
    y += ROW_HEIGHT;
  }

  if (spec.footer) parts.push(text(clean(spec.footer), start, y + 28, anchor, 16, '#52606d', rtl));
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}

function text(
  content: string,
  x: number,
  y: number,
  anchor: 'start' | 'end',
  size: number,
  fill: string,
  rtlChart: boolean,
  weight: 'normal' | 'bold' = 'normal',
): string {
  const body = escapeXml(embed(content, rtlChart));
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-size="${size}" font-weight="${weight}" fill="${fill}">${body}</text>`;
}

const RLE = '\u202B';
const LRE = '\u202A';
const PDF = '\u202C';

/**
 * The text inside an embedding of its own direction: its first strong letter decides, and text with
 * none (`۱۲ (۴۰٪)`) takes the chart's.
 */
export function embed(content: string, rtlChart: boolean): string {
  const direction = firstStrongDirection(content) ?? (rtlChart ? 'rtl' : 'ltr');
  return `${direction === 'rtl' ? RLE : LRE}${content}${PDF}`;
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

export function firstStrongDirection(content: string): 'ltr' | 'rtl' | null {
  const strong = /\p{L}/u.exec(content);
  if (!strong) return null;
  return RTL_LETTER.test(strong[0]) ? 'rtl' : 'ltr';
}

/**
 * Member text without what would break the drawing: control characters (not allowed in XML) and
 * directional controls of its own (they would unbalance the embedding around it). ZWNJ stays: Persian
 * words need it.
 */
function clean(content: string): string {
  return content
    .replace(/(?![\t\n\r])\p{Cc}/gu, '')
    .replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function graphemes(content: string): string[] {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(content)].map((s) => s.segment);
}

function truncate(content: string, max: number): string {
  const chars = graphemes(content);
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : content;
}

/** Words onto lines of about `width` characters; the last line ends with … when text is left over. */
export function wrap(content: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (graphemes(candidate).length <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => truncate(l, width + 10));
  const kept = lines.slice(0, maxLines).map((l) => truncate(l, width + 10));
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = last.endsWith('…') ? last : `${last}…`;
  return kept;
}

export function escapeXml(content: string): string {
  return content
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
