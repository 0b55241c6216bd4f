import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import {
  barChartSvg,
  chartHeight,
  CHART_WIDTH,
  embed,
  escapeXml,
} from '../../../src/features/ballots/bar-chart-svg.ts';
import { chartFontFamilies, chartFontFiles } from '../../../src/features/ballots/chart-fonts.ts';
import { renderBarChartPng, renderSvgPng } from '../../../src/features/ballots/chart-renderer.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function persianSpec(labels: string[]) {
  return {
    title: 'کدام دوره‌های آموزشی برای کتابخانه‌ها لازم است؟',
    bars: labels.map((label, i) => ({ label, value: labels.length - i, valueText: `${labels.length - i}` })),
    footer: '۳ رأی‌دهنده',
    direction: 'rtl' as const,
    fontFamilies: chartFontFamilies('rtl'),
  };
}

/** A line of text alone on a white canvas, anchored at its right end as in a right-to-left chart. */
async function textImage(text: string, fontFiles?: string[]): Promise<PNG> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="100%" height="100%" fill="#fff"/><text x="580" y="55" text-anchor="end" font-size="40" font-family="'Vazirmatn', 'Noto Sans'">${escapeXml(embed(text, true))}</text></svg>`;
  return PNG.sync.read(await renderSvgPng(svg, fontFiles ? { fontFiles } : {}));
}

/** Columns that have a dark pixel, as [first, last], or null on a blank image. */
function inkColumns(image: PNG, from = 0, to = image.width): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let x = from; x < to; x++) {
    for (let y = 0; y < image.height; y++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i]! < 128) {
        if (first < 0) first = x;
        last = x;
        break;
      }
    }
  }
  return first < 0 ? null : [first, last];
}

function sameColumns(a: PNG, b: PNG, from: number, to: number): boolean {
  for (let x = from; x < to; x++) {
    for (let y = 0; y < a.height; y++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(a.data[i]! - b.data[i]!) > 40) return false;
    }
  }
  return true;
}

describe('bar chart', () => {
  it('GIVEN a Persian poll THEN the PNG decodes to the chart width and the height its rows need', async () => {
    const spec = persianSpec(['فهرست‌نویسی', 'نرم‌افزار Koha', 'سواد اطلاعاتی']);
    const png = await renderBarChartPng(spec);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const image = PNG.sync.read(png);
    expect(image.width).toBe(CHART_WIDTH);
    expect(image.height).toBe(chartHeight(spec));
    expect(inkColumns(image)).not.toBeNull();
  });

  it('GIVEN different labels THEN the images differ', async () => {
    const a = await renderBarChartPng(persianSpec(['شنبه', 'یکشنبه']));
    const b = await renderBarChartPng(persianSpec(['دوشنبه', 'سه‌شنبه']));
    expect(a.equals(b)).toBe(false);
  });

  it('GIVEN a Persian label THEN it is drawn with Arabic-script glyphs, not the empty boxes of a font without them', async () => {
    const label = 'کتابخانه‌ها';
    const drawn = await textImage(label);
    const latinOnly = chartFontFiles().filter((file) => !file.includes('Vazirmatn'));
    const boxes = await textImage(label, latinOnly);
    expect(inkColumns(drawn)).not.toBeNull();
    expect(sameColumns(drawn, boxes, 0, drawn.width)).toBe(false);
  });

  it('GIVEN a Persian word THEN its letters are joined (shaped): narrower than the same letters kept apart', async () => {
    const joined = inkColumns(await textImage('کتابخانه'))!;
    const apart = inkColumns(await textImage([...'کتابخانه'].join('\u200C')))!;
    expect(joined[1] - joined[0]).toBeLessThan(apart[1] - apart[0]);
  });

  it('GIVEN a Persian label with a Latin word at its end THEN the Persian word stands at the right, as read right to left', async () => {
    const persian = await textImage('کتابخانه');
    const mixed = await textImage('کتابخانه Koha');
    const [start] = inkColumns(persian)!;
    // The rightmost part of the mixed line is the Persian word, pixel for pixel; Koha is to its left.
    expect(sameColumns(persian, mixed, start, persian.width)).toBe(true);
    expect(inkColumns(mixed)![0]).toBeLessThan(start - 20);
  });

  it('GIVEN member text with markup and control characters THEN the SVG stays well-formed', () => {
    const svg = barChartSvg({ ...persianSpec(['<b>&"x\'\u0007\u202E', 'B']), direction: 'ltr' });
    expect(svg).toContain('&lt;b&gt;&amp;&quot;x&apos;');
    expect(svg).not.toContain('\u0007');
    expect(svg).not.toContain('\u202E');
  });
});
