import type { FastifyReply } from 'fastify';
import { formatDate, formatDateTime } from '../i18n/date-format.ts';
import { localizeDigits } from '../i18n/digits.ts';
import { isRightToLeft, type Language } from '../i18n/languages.ts';
import type { MessageParams } from '../i18n/translator.ts';
import { linkTo } from './web-address.ts';
import type { WebSite, WebViewer } from './web-pages.ts';

/** A navigation entry the layout shows (already translated and linked). */
export interface NavEntry {
  label: string;
  href: string;
  current: boolean;
}

/** What the layout and every view share for one request. */
export interface ViewContext {
  site: WebSite;
  language: Language;
  /** Null on pages shown before signing in (a sign-in link, an error without a session). */
  viewer: WebViewer | null;
  t: (key: string, params?: MessageParams) => string;
  nav: NavEntry[];
}

/** The CSRF field every POST form carries (the token's secret is in an HttpOnly cookie). */
function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${token.replace(/[^A-Za-z0-9_-]/g, '')}">`;
}

/**
 * Renders `views/<view>.eta` inside `views/layout.eta`. Views see `it.*`: their own data, then the
 * helpers (which a view's data cannot override). Eta escapes every `<%= %>`; only `<%~ %>` of what we
 * built ourselves (the CSRF field, the rendered body) is written raw.
 */
export async function renderView(
  reply: FastifyReply,
  context: ViewContext,
  view: string,
  data: Record<string, unknown>,
): Promise<string> {
  const { site, language, viewer, t, nav } = context;
  const format = viewer?.format ?? {
    language,
    calendar: language === 'fa' ? ('persian' as const) : ('gregorian' as const),
    timeZone: 'UTC',
  };
  const communities = (viewer?.memberships ?? []).map((m) => ({
    id: m.community.id,
    name: m.community.name,
    current: m.community.id === viewer?.community?.id,
  }));
  return reply.viewAsync(view, {
    title: t('web.site-name'),
    ...data,
    lang: language,
    dir: isRightToLeft(language) ? 'rtl' : 'ltr',
    t,
    date: (d: Date) => formatDate(d, format),
    dateTime: (d: Date) => formatDateTime(d, format),
    number: (n: number | string) => localizeDigits(String(n), language),
    link: (path: string) => linkTo(site.address, path),
    csrfField: csrfField(reply.generateCsrf()),
    assets: site.assets,
    viewer: viewer ? { name: viewer.member.displayName, community: viewer.community?.name ?? null } : null,
    nav,
    communities,
    siteName: t('web.site-name'),
  });
}
