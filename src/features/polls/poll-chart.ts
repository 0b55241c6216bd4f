import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { BarChartSpec } from '../ballots/bar-chart-svg.ts';
import { chartFontFamilies } from '../ballots/chart-fonts.ts';
import { countWithPercent } from '../ballots/count-format.ts';
import { leaders, responseRate, type Tally } from '../ballots/tally.ts';

/** The chart of a poll's tally, labelled in the poll's language (`t` is bound to it). */
export function pollChartSpec(
  t: Translate,
  language: Language,
  poll: { id: number; question: string },
  tally: Tally,
  audience: number,
): BarChartSpec {
  const top = leaders(tally);
  const direction = language === 'fa' ? 'rtl' : 'ltr';
  return {
    title: t('poll.chart-title', { id: String(poll.id), question: poll.question }),
    bars: tally.rows.map((row) => ({
      label: row.label,
      value: row.count,
      valueText: countWithPercent(row.count, row.percent, language),
      highlight: top.has(row.id),
    })),
    footer: t('poll.chart-footer', { voters: tally.voters, audience, rate: responseRate(tally.voters, audience) }),
    direction,
    fontFamilies: chartFontFamilies(direction),
  };
}
