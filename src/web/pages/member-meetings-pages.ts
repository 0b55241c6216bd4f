import { isUserError } from '../../core/errors.ts';
import { roleAllows } from '../../core/roles.ts';
import { recurrenceText } from '../../features/meetings/meeting-text.ts';
import { isRightToLeft } from '../../i18n/languages.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { minutesHtml } from './member-minutes-html.ts';
import { idParam, pageLink, readPositive } from './member-page-parts.ts';

/** Meetings to come listed at once: a weekly series is one entry, so this is many weeks. */
const UPCOMING_SHOWN = 20;
const PAST_PAGE_SIZE = 20;
const DECISIONS_PAGE_SIZE = 25;
const MAX_PAGE = 10_000;

/** Who sees what, as in chat: chairs see every meeting, a member those not kept for another committee. */
function viewerOf(page: Page) {
  return { memberId: page.member.id, seeAll: roleAllows(['chair'], page.role) };
}

/**
 * Meetings for every member, as `/meetings`, `/ics`, `/minutes` and `/decisions` show them in chat:
 * the meetings to come with their calendar files, the closed minutes of past ones, and the register
 * of decisions.
 */
export function registerMeetingPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/meetings',
    role: 'member',
    nav: { labelKey: 'web.nav.meetings', order: 30, descriptionKey: 'web.meetings.offer' },
    async handler(page) {
      const viewer = viewerOf(page);
      const pageNumber = Math.min(readPositive(page.query('page')) ?? 1, MAX_PAGE);
      const [upcoming, past] = await Promise.all([
        page.services.meetings.upcomingPage(page.community.id, viewer.memberId, viewer.seeAll, {
          offset: 0,
          take: UPCOMING_SHOWN,
        }),
        page.services.minutes.closedMinutes(page.community.id, viewer, {
          offset: (pageNumber - 1) * PAST_PAGE_SIZE,
          take: PAST_PAGE_SIZE,
        }),
      ]);
      const speaker = {
        t: page.t,
        list: (items: readonly string[]) => items.join(page.language === 'fa' ? '، ' : ', '),
      };
      return page.render('member-meetings', {
        title: page.t('web.meetings.title'),
        upcoming: upcoming.rows.map(({ meeting, startsAt }) => ({
          id: page.number(meeting.id),
          title: meeting.title,
          when: page.dateTime(startsAt),
          length: page.t('meeting.duration-line', { minutes: meeting.durationMinutes }),
          repeats: meeting.rrule
            ? page.t('meeting.recurs-line', { text: recurrenceText(speaker, meeting.rrule) })
            : null,
          link: meeting.link,
          place: meeting.place,
          agenda: meeting.agenda,
          ics: page.communityPath(`/meetings/${meeting.id}/ics`),
        })),
        moreUpcoming: upcoming.more,
        past: past.rows.map((row) => ({
          href: page.communityPath(`/minutes/${row.id}`),
          title: row.occurrence.meeting.title,
          when: page.date(row.occurrence.startsAt),
        })),
        pager: {
          label: page.t('web.meetings.past-pages'),
          previous: pageNumber > 1 ? pageLink(page, '/meetings', { page: pageNumber - 1 }) : null,
          next: past.more ? pageLink(page, '/meetings', { page: pageNumber + 1 }) : null,
          position: page.t('web.pager.page', { page: pageNumber }),
        },
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/meetings/:id/ics',
    role: 'member',
    async handler(page) {
      const { meeting, ics } = await page.services.meetings
        .calendarFile(page.community.id, idParam(page, 'id'), viewerOf(page))
        .catch((error: unknown) => {
          if (isUserError(error)) page.notFound();
          throw error;
        });
      return page.file({ fileName: `meeting-${meeting.id}.ics`, mimeType: 'text/calendar', content: ics });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/minutes/:id',
    role: 'member',
    async handler(page) {
      const minutes = await page.services.minutes.readMinutes(page.community.id, idParam(page, 'id'), viewerOf(page));
      if (!minutes?.body) return page.notFound();
      const { meeting, startsAt } = minutes.occurrence;
      return page.render('member-minutes', {
        title: page.t('web.minutes.title', { title: meeting.title, date: page.date(startsAt) }),
        closed: page.t('web.minutes.closed', {
          date: page.dateTime(minutes.closedAt ?? startsAt),
          edited: minutes.version > 1 ? 'yes' : 'no',
          version: minutes.version,
        }),
        // Built by minutesHtml from escaped text only: written raw by the view.
        bodyHtml: minutesHtml(minutes.body),
        // The text was written at closing in the community's language, whatever the reader's.
        bodyLang: page.community.language,
        bodyDir: isRightToLeft(page.community.language) ? 'rtl' : 'ltr',
        back: page.communityPath('/meetings'),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/decisions',
    role: 'member',
    nav: { labelKey: 'web.nav.decisions', order: 35, descriptionKey: 'web.decisions.offer' },
    async handler(page) {
      const committees = await page.services.meetings.committees(page.community.id);
      const committeeId = readPositive(page.query('committee'));
      const committee = committees.find((c) => c.id === committeeId);
      const words = (page.query('q') ?? '').trim().slice(0, 200);
      const pageNumber = Math.min(readPositive(page.query('page')) ?? 1, MAX_PAGE);
      let problem: string | null = null;
      let rows: Awaited<ReturnType<Page['services']['minutes']['decisions']>> = [];
      try {
        rows = await page.services.minutes.decisions(page.community.id, viewerOf(page), {
          ...(committee ? { committeeId: committee.id } : {}),
          ...(words ? { words } : {}),
        });
      } catch (error) {
        if (!isUserError(error)) throw error;
        problem = page.t(error.key, error.params);
      }
      const pages = Math.max(1, Math.ceil(rows.length / DECISIONS_PAGE_SIZE));
      const shown = rows.slice((pageNumber - 1) * DECISIONS_PAGE_SIZE, pageNumber * DECISIONS_PAGE_SIZE);
      const query = { committee: committee?.id ?? null, q: words };
      return page.render(
        'member-decisions',
        {
          title: page.t('web.decisions.title'),
          action: page.communityPath('/decisions'),
          words,
          committees: committees.map((c) => ({ id: String(c.id), name: c.name, selected: c.id === committee?.id })),
          problem,
          summary:
            rows.length === 0 ? page.t('web.decisions.none') : page.t('web.decisions.count', { count: rows.length }),
          decisions: shown.map((row) => ({
            number: row.decisionNumber ?? '',
            date: page.date(row.minutes.occurrence.startsAt),
            text: row.text,
            meeting: page.t('web.decisions.meeting', {
              title: row.minutes.occurrence.meeting.title,
              id: String(row.minutes.occurrence.meeting.id),
            }),
          })),
          pager: {
            label: page.t('web.pager.label'),
            position: page.t('web.pager.position', { page: pageNumber, pages }),
            previous: pageNumber > 1 ? pageLink(page, '/decisions', { ...query, page: pageNumber - 1 }) : null,
            next: pageNumber < pages ? pageLink(page, '/decisions', { ...query, page: pageNumber + 1 }) : null,
          },
        },
        problem ? 400 : 200,
      );
    },
  });
}
