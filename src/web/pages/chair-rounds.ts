import { lastDueDay } from '../../features/rounds/round-chaser.ts';
import { nameOfPeriod } from '../../features/rounds/round-report-data.ts';
import { localize } from '../../features/surveys/survey-questions.ts';
import type { PageRegistry } from '../web-pages.ts';
import { roundState } from './chair-round-lookup.ts';
import { registerChairRoundReportPages } from './chair-round-report.ts';

/**
 * A chair's report rounds: the list here; each round's report (completeness matrix, figures, charts),
 * each library's answers and the report's files in chair-round-report.ts.
 */
export function registerChairRoundPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/rounds',
    role: 'chair',
    nav: { labelKey: 'web.nav.rounds', order: 44, descriptionKey: 'web.rounds.offer' },
    async handler(page) {
      const rounds = await page.services.rounds.list(page.community.id);
      return page.render('chair-rounds', {
        title: page.t('web.rounds.title'),
        rounds: rounds.map((round) => ({
          number: page.number(round.id),
          title: localize(round.template.title, page.language),
          period: nameOfPeriod(round.periodLabel, page.language),
          href: page.communityPath(`/rounds/${round.id}`),
          status: page.t(`web.status.${roundState(round)}`),
          submitted: page.number(round.submitted),
          due: page.date(lastDueDay(round.dueAt)),
        })),
      });
    },
  });
  registerChairRoundReportPages(pages);
}
