import { barChartSvg, type BarChartSpec } from './bar-chart-svg.ts';
import { chartFontFiles } from './chart-fonts.ts';

export interface ChartRenderOptions {
  /** Font files to draw with (default: the shipped Vazirmatn and Noto Sans). */
  fontFiles?: readonly string[];
}

/**
 * A bar chart as a PNG, drawn on the server by resvg (Rust, prebuilt inside its npm package: no
 * browser, no system fonts). The drawing runs on libuv's thread pool, off the event loop.
 */
export async function renderBarChartPng(spec: BarChartSpec, options: ChartRenderOptions = {}): Promise<Buffer> {
  return renderSvgPng(barChartSvg(spec), options);
}

export async function renderSvgPng(svg: string, options: ChartRenderOptions = {}): Promise<Buffer> {
  const fontFiles = [...(options.fontFiles ?? chartFontFiles())];
  // resvg is a native addon, loaded when the first chart is drawn rather than at start: most of a
  // bot's life draws no chart, and the addon's code would otherwise stay resident all along.
  const { renderAsync } = await import('@resvg/resvg-js');
  const rendered = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans' },
    background: '#ffffff',
  });
  return rendered.asPng();
}
