import { toLatinDigits } from '../../i18n/digits.ts';
import type { PageRegistry } from '../web-pages.ts';
import { adminNav } from './admin-home.ts';

/** The most of a row's details shown; the rest is cut (a row may hold a long list). */
const MAX_DETAILS_CHARS = 300;

/**
 * The community's audit log, newest first, a page at a time, of every action or one: who did what,
 * when (in the viewer's calendar and zone), from a chat or from the web (`via: web`), and its details.
 */
export function registerAdminAuditPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin/audit',
    role: 'admin',
    async handler(page) {
      const actions = await page.services.administration.auditActions(page.community.id);
      const asked = page.query('action') ?? '';
      const action = actions.includes(asked) ? asked : null;
      const number = Number(toLatinDigits(page.query('page') ?? '1'));
      const log = await page.services.administration.auditLog(page.community.id, {
        action,
        page: Number.isSafeInteger(number) && number > 0 ? number : 1,
      });
      const link = (p: number) =>
        page.communityPath(`/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), page: String(p) })}`);
      return page.render('admin-audit', {
        title: page.t('web.admin.audit.title'),
        adminNav: adminNav(page, 'audit'),
        actionPath: page.communityPath('/admin/audit'),
        actions: actions.map((value) => ({ value, selected: value === action })),
        total: page.t('web.admin.audit.total', { count: log.total }),
        rows: log.rows.map((row) => {
          const details = isRecord(row.details) ? row.details : {};
          const { via, ...rest } = details;
          const text = JSON.stringify(rest);
          return {
            when: page.dateTime(row.createdAt),
            who: row.actorName ?? '—',
            action: row.action,
            via: page.t(via === 'web' ? 'web.admin.audit.via-web' : 'web.admin.audit.via-chat'),
            details:
              text === '{}' ? '' : text.length > MAX_DETAILS_CHARS ? `${text.slice(0, MAX_DETAILS_CHARS)}…` : text,
          };
        }),
        pageLine: page.t('web.admin.audit.page', { page: log.page, pages: log.pages }),
        previous: log.page > 1 ? link(log.page - 1) : null,
        next: log.page < log.pages ? link(log.page + 1) : null,
      });
    },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
