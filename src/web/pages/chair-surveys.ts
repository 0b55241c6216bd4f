import { responseRate } from '../../features/ballots/tally.ts';
import { localizedClock } from '../../features/archives/csv-clock.ts';
import { surveyCsv } from '../../features/surveys/survey-csv.ts';
import { localize, readTitle } from '../../features/surveys/survey-questions.ts';
import { surveyQuestionResult } from '../../features/surveys/survey-report.ts';
import type { Survey } from '../../features/surveys/survey-service.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { inlineChart } from './chair-chart.ts';
import { download, idParam } from './chair-common.ts';

const LISTED_SURVEYS = 100;

/**
 * A chair's surveys: the list, each survey's report (response rate, per question the chart the chat
 * sends as a PNG, drawn here as SVG, and the free-text answers) and the answers' CSV of `/export ID`.
 */
export function registerChairSurveyPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/surveys',
    role: 'chair',
    nav: { labelKey: 'web.nav.surveys', order: 42, descriptionKey: 'web.surveys.offer' },
    async handler(page) {
      const surveys = await page.services.surveys.latest(page.community.id, LISTED_SURVEYS);
      return page.render('chair-surveys', {
        title: page.t('web.surveys.title'),
        surveys: surveys.map((survey) => ({
          number: page.number(survey.id),
          title: localize(readTitle(survey.title), page.language),
          href: page.communityPath(`/surveys/${survey.id}`),
          status: page.t(survey.closedAt ? 'web.status.closed' : 'web.status.open'),
        })),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/surveys/:survey',
    role: 'chair',
    async handler(page) {
      const survey = await surveyOf(page);
      const { responses, audience } = await page.services.surveys.reportData(survey);
      const submitted = responses.filter((response) => response.submittedAt !== null);
      const title = localize(survey.title, page.language);
      return page.render('chair-survey', {
        title: page.t('web.survey.title', { id: page.number(survey.id) }),
        surveyTitle: title,
        status: page.t(survey.closedAt ? 'web.status.closed' : 'web.status.open'),
        opened: page.t('web.survey.opened', { when: page.dateTime(survey.createdAt) }),
        closes: survey.closedAt
          ? page.t('web.poll.closed-at', { when: page.dateTime(survey.closedAt) })
          : survey.closesAt
            ? page.t('web.poll.closes-at', { when: page.dateTime(survey.closesAt) })
            : page.t('web.poll.no-deadline'),
        summary: page.t('web.survey.summary', {
          responses: submitted.length,
          audience,
          rate: responseRate(submitted.length, audience),
          inProgress: responses.length - submitted.length,
        }),
        questions: survey.questions.map((question) => {
          const result = surveyQuestionResult(page.chatT, page.language, question, submitted);
          if (result.kind === 'text') return { heading: result.header, texts: result.texts, chart: null };
          return {
            heading: result.header,
            texts: null,
            chart: inlineChart({ ...result.chart, title: '' }, result.header),
            lines: result.lines,
            footer: result.footer,
          };
        }),
        csvHref: page.communityPath(`/surveys/${survey.id}/answers.csv`),
        backHref: page.communityPath('/surveys'),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/surveys/:survey/answers.csv',
    role: 'chair',
    async handler(page) {
      const survey = await surveyOf(page);
      const { responses } = await page.services.surveys.reportData(survey);
      // `/export ID` of a survey: its CSV in the chair's wording, times on the community's clock.
      const clock = localizedClock(page.community, page.chatT);
      return download(page, surveyCsv(page.chatT, page.language, survey, responses, clock));
    },
  });
}

async function surveyOf(page: Page): Promise<Survey> {
  const survey = await page.services.surveys.find(idParam(page, 'survey'), page.community.id);
  return survey ?? page.notFound();
}
