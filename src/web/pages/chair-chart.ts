import { barChartSvg, type BarChartSpec } from '../../features/ballots/bar-chart-svg.ts';

/**
 * A chart for a page: the very SVG the chat's PNG is drawn from (bar-chart-svg.ts, by resvg there),
 * written inline. It carries presentation attributes only (no `style`), which the page's strict
 * Content-Security-Policy allows, and every text in it is escaped by barChartSvg. For screen readers
 * it is one image named by `label`; the numbers are in the table beside it.
 */
export function inlineChart(spec: BarChartSpec, label: string): string {
  const svg = barChartSvg(spec);
  const name = escapeAttribute(label);
  return svg.replace('<svg ', `<svg class="chart" role="img" aria-label="${name}" focusable="false" `);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
