import { responseRate } from '../../features/ballots/tally.ts';
import { chartFile } from '../../features/polls/poll-format.ts';
import { pollChartSpec } from '../../features/polls/poll-chart.ts';
import type { PollRow } from '../../features/polls/poll-repository.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { inlineChart } from './chair-chart.ts';
import { download, idParam } from './chair-common.ts';

/** More polls than a page lists (the newest, open ones first); older ones are in the polls archive. */
const LISTED_POLLS = 100;

/**
 * A chair's polls: the list, each poll's results with its chart (the SVG the chat's PNG is drawn from),
 * and its exports — the votes' CSV of `/export ID` and the chart of `/results ID`, the same bytes.
 */
export function registerChairPollPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/polls',
    role: 'chair',
    nav: { labelKey: 'web.nav.polls', order: 40, descriptionKey: 'web.polls.offer' },
    async handler(page) {
      const polls = await page.services.polls.search(page.community.id, '', LISTED_POLLS);
      return page.render('chair-polls', {
        title: page.t('web.polls.title'),
        polls: polls.map((poll) => ({
          id: poll.id,
          number: page.number(poll.id),
          question: poll.question,
          href: page.communityPath(`/polls/${poll.id}`),
          status: page.t(poll.closedAt ? 'web.status.closed' : 'web.status.open'),
        })),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/polls/:poll',
    role: 'chair',
    async handler(page) {
      const poll = await pollOf(page);
      const { tally, audience } = await page.services.polls.results(poll, null);
      const spec = pollChartSpec(page.chatT, page.language, poll, tally, audience);
      return page.render('chair-poll', {
        title: page.t('web.poll.title', { id: page.number(poll.id) }),
        question: poll.question,
        facts: [
          page.t(poll.closedAt ? 'web.status.closed' : 'web.status.open'),
          page.t(poll.multi ? 'web.poll.multi' : 'web.poll.single'),
          ...(poll.anonymous ? [page.t('web.poll.anonymous')] : []),
          ...(poll.hideResults ? [page.t('web.poll.hidden')] : []),
          ...(poll.committee ? [page.t('web.poll.committee', { name: poll.committee.name })] : []),
        ],
        created: page.dateTime(poll.createdAt),
        closes: poll.closedAt
          ? page.t('web.poll.closed-at', { when: page.dateTime(poll.closedAt) })
          : poll.closesAt
            ? page.t('web.poll.closes-at', { when: page.dateTime(poll.closesAt) })
            : page.t('web.poll.no-deadline'),
        turnout: page.t('web.poll.turnout', {
          voters: tally.voters,
          audience,
          rate: responseRate(tally.voters, audience),
        }),
        rows: tally.rows.map((row) => ({
          label: row.label,
          count: page.number(row.count),
          percent: page.t('web.percent', { percent: row.percent }),
        })),
        chart: inlineChart(spec, page.t('web.poll.chart-label', { question: poll.question })),
        csvHref: page.communityPath(`/polls/${poll.id}/votes.csv`),
        pngHref: page.communityPath(`/polls/${poll.id}/chart.png`),
        backHref: page.communityPath('/polls'),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/polls/:poll/votes.csv',
    role: 'chair',
    async handler(page) {
      const poll = await pollOf(page);
      // `/export ID`: the same service call with the chat's wording in the chair's language.
      const file = await page.services.polls.exportCsv(poll, page.chatT);
      return download(page, file);
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/polls/:poll/chart.png',
    role: 'chair',
    async handler(page) {
      const poll = await pollOf(page);
      // `/results ID` in a chair's private chat: the chart in the reader's language.
      const { chart } = await page.services.polls.results(poll, page.language);
      const file = chartFile(poll.id, chart!);
      return page.file({ fileName: file.fileName, mimeType: file.mimeType, content: chart! });
    },
  });
}

/** The poll of the URL, in this community (another community's is as missing: 404). */
async function pollOf(page: Page): Promise<PollRow> {
  const poll = await page.services.polls.find(idParam(page, 'poll'), page.community.id);
  return poll ?? page.notFound();
}
