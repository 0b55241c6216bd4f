/**
 * The dashboard's pages, and how a feature adds one. A page is declared once, like a chat command:
 *
 *   // src/web/pages/archive-pages.ts
 *   export function registerArchivePages(pages: PageRegistry): void {
 *     pages.registerPage({
 *       method: 'GET',
 *       path: '/archive',                            // served at /c/<community id>/archive
 *       role: 'member',                              // 'member' | 'curator' | 'chair' | 'admin' (an admin passes all)
 *       nav: { labelKey: 'web.nav.archive', order: 20 }, // optional: a navigation entry for whoever may open it
 *       async handler(page) {
 *         const rows = await page.services.experiences.search.someQuery(page.community.id, page.query('q'));
 *         return page.render('archive/list', { title: page.t('web.archive.title'), rows });
 *       },
 *     });
 *   }
 *
 * and one line in `pages/all-pages.ts` (`registerArchivePages(pages)`). What the framework does for every
 * page, so that a page cannot forget it:
 *   - the session cookie is checked (none or ended: 401 page saying how to get a link);
 *   - `scope: 'community'` (the default): the path lives under `/c/:community`, the member must be in that
 *     community (else 403) and hold `role` there, computed as in chat (else 403); `scope: 'member'`: a
 *     page about the member alone (`/me/...`), for any member of any community;
 *   - POST: the form must carry the CSRF field (`<%~ it.csrfField %>` in the view; else 403), and
 *     `@fastify/formbody` has parsed it (`page.field('name')`);
 *   - `render(view, data)`: an eta view of `src/web/views/` (escaped by default) inside the layout
 *     (`<html lang dir>`, Vazirmatn for Persian, navigation by role, community switcher, sign-out form),
 *     never cached by the browser.
 * What stays the page's job: any id taken from the URL or a form must belong to `page.community`
 * (`page.requireSameCommunity(row.communityId)`: 404 otherwise, as for a missing row), a change goes
 * through the same feature service as in chat and is logged with `page.audit(action, details)` (the
 * audit log row gets `via: 'web'`), and every string comes from `locales/` (`web.` keys) through
 * `page.t`, dates through `page.date`/`page.dateTime`, numbers through `page.number`.
 * In a view: `it.t(key, params)`, `it.date(d)`, `it.dateTime(d)`, `it.number(n)`, `it.link(path)`
 * (a server path as the browser follows it, PUBLIC_URL's path included), `it.csrfField`.
 * Roles are the chat's: `member` is every member, `curator` a curator, `chair` a chair, `admin` an
 * admin, and an admin passes every check (a chair is not a curator). `requireRole(request, role)` checks
 * more inside a handler (a chair's button on a member's page). `page.services` are the feature services
 * the commands use, `page.messenger` posts to a chat (the author told of a curator's decision).
 * test/web/dashboard-security.test.ts walks every registered community page with a member of another
 * community (403): a page listed in pages/all-pages.ts is covered with nothing more to write.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '../core/roles.ts';
import { roleAllows } from '../core/roles.ts';
import { formatDate, formatDateTime, type FormatOptions } from '../i18n/date-format.ts';
import { localizeDigits } from '../i18n/digits.ts';
import type { Language } from '../i18n/languages.ts';
import type { MessageParams, Translate, Translator } from '../i18n/translator.ts';
import type { Services } from '../features/services.ts';
import type { Messenger } from '../features/ballots/messenger.ts';
import type { WebCommunity, WebMember, WebMembership } from '../features/dashboard/dashboard-service.ts';
import type { Logger } from '../logger.ts';
import { linkTo, type WebAddress } from './web-address.ts';
import { loadViewer, type WebViewer } from './web-viewer.ts';
import { cookieOptions } from './web-security.ts';
import { pageText } from './web-text.ts';
import { renderView, type ViewContext } from './web-render.ts';

export type { WebViewer };

/** Who may open a page: the chat's roles; an admin may open every page. */
export type PageRole = Role;

/** `community`: under `/c/:community`, about that community; `member`: about the member alone (`/me/...`). */
export type PageScope = 'community' | 'member';

export interface PageSpec {
  method: 'GET' | 'POST';
  /** Starts with `/`; `:name` segments are parameters (`page.param('name')`). */
  path: string;
  role: PageRole;
  scope?: PageScope;
  /**
   * An entry in the navigation (GET pages only), shown to whoever may open the page, by `order`; with
   * `descriptionKey`, the home page lists it too, with that sentence.
   */
  nav?: { labelKey: string; order: number; descriptionKey?: string };
  handler: (page: Page) => Promise<PageResult>;
}

/** What a handler returns: made only by `page.render`, `page.redirect` and `page.file`. */
export type PageResult =
  | { kind: 'html'; html: string; status: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'file'; fileName: string; mimeType: string; content: Buffer };

/** An expected refusal, shown as a page in the viewer's language: 401, 403, 404, 429. */
export class WebError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 429,
    /** The locale key of the page's explanation (`web.error.*`). */
    readonly key: string,
  ) {
    super(key);
    this.name = 'WebError';
  }
}

/** What pages reach beyond the request: the same feature services as the chat commands. */
export interface WebSite {
  address: WebAddress;
  services: Services;
  translator: Translator;
  /** Where a page posts to a chat (a curator's decision told to the author), as the features do. */
  messenger: Messenger;
  logger: Logger;
  /** The session cookie's name (`__Host-` at an https root). */
  sessionCookie: string;
  /** Our CSS and JS, with their content hash for caching. */
  assets: { css: string; js: string };
  registry: PageRegistry;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for dashboard pages once the session is read; null before or without one. */
    viewer: WebViewer | null;
  }
}

/**
 * 403 unless the viewer holds `role` in the page's community (an admin holds every role); for pages
 * that check more than their declared role (a chair's button on a member's page).
 */
export function requireRole(request: FastifyRequest, role: PageRole): WebViewer {
  const viewer = request.viewer;
  if (!viewer) throw new WebError(401, 'web.error.signed-out');
  if (!viewer.community) throw new WebError(403, 'web.error.not-your-community');
  if (!roleAllows([role], viewer.role)) throw new WebError(403, 'web.error.forbidden');
  return viewer;
}

/** One request to one page: who asks, in which community, and the ways to answer. */
export class Page {
  readonly t: Translate;

  constructor(
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly viewer: WebViewer,
    private readonly site: WebSite,
    private readonly spec: PageSpec,
  ) {
    this.t = (key, params) => pageText(site.translator.t(viewer.language, key, params), viewer.language);
  }

  get member(): WebMember {
    return this.viewer.member;
  }

  /** The page's community (for a member page: the one the member last chose). */
  get community(): WebCommunity {
    return this.viewer.community!;
  }

  get role(): Role {
    return this.viewer.role!;
  }

  get memberships(): readonly WebMembership[] {
    return this.viewer.memberships;
  }

  get language(): Language {
    return this.viewer.language;
  }

  /** The member's language, calendar and zone, as `src/i18n/date-format.ts` takes them. */
  get format(): FormatOptions {
    return this.viewer.format;
  }

  get services(): Services {
    return this.site.services;
  }

  /**
   * The chat's own wording in the viewer's language (`ctx.t`), without the page's isolation of commands:
   * for what must be the chat's, byte for byte — an export file, a chart drawn as the PNG is.
   */
  get chatT(): Translate {
    return this.site.translator.forLanguage(this.language);
  }

  get messenger(): Messenger {
    return this.site.messenger;
  }

  date(instant: Date): string {
    return formatDate(instant, this.format);
  }

  dateTime(instant: Date): string {
    return formatDateTime(instant, this.format);
  }

  /** A number in the language's digits (Persian digits for fa). */
  number(n: number | string): string {
    return localizeDigits(String(n), this.language);
  }

  param(name: string): string | undefined {
    return (this.request.params as Record<string, string | undefined>)[name];
  }

  query(name: string): string | undefined {
    const value = (this.request.query as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** A field of the posted form (the first, when repeated). */
  field(name: string): string | undefined {
    const value = (this.request.body as Record<string, unknown> | undefined)?.[name];
    if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  /** A path of this community's pages (`/archive` → `/c/3/archive`), as the server routes it. */
  communityPath(path: string): string {
    return `/c/${this.community.id}${path === '/' ? '/' : path}`;
  }

  /** 403 unless the viewer holds `role` here (see `requireRole`). */
  requireRole(role: PageRole): void {
    requireRole(this.request, role);
  }

  /** A row found by an id from the URL or a form must be this community's: 404 otherwise, as if missing. */
  requireSameCommunity(communityId: number | null | undefined): void {
    if (communityId !== this.community.id) throw new WebError(404, 'web.error.not-found');
  }

  /** After this browser's own session ended (from the sessions page): its cookie goes too. */
  clearSessionCookie(): void {
    this.reply.clearCookie(this.site.sessionCookie, cookieOptions(this.site.address));
  }

  /** What the member may open here, with the sentences of those that have one (the home page's list). */
  get offers(): Array<{ label: string; description: string; href: string }> {
    return this.site.registry
      .navFor(this.viewer)
      .filter((entry) => entry.descriptionKey)
      .map((entry) => ({
        label: this.t(entry.labelKey),
        description: this.t(entry.descriptionKey!),
        href: linkTo(this.site.address, entry.path),
      }));
  }

  notFound(): never {
    throw new WebError(404, 'web.error.not-found');
  }

  /** Logs a change made from the browser: who (the member), what, in this community, `via: 'web'`. */
  audit(action: string, details: object = {}): Promise<void> {
    return this.services.dashboard.audit(this.viewer.community?.id ?? null, this.member.id, action, details);
  }

  /** The view `src/web/views/<view>.eta` inside the layout; `data.title` names the page. */
  async render(view: string, data: Record<string, unknown> = {}, status = 200): Promise<PageResult> {
    const html = await renderView(this.reply, this.viewContext(), view, data);
    return { kind: 'html', html, status };
  }

  /** After a POST, the page to show (303: the browser GETs it, and a reload does not post again). */
  redirect(path: string): PageResult {
    return { kind: 'redirect', location: linkTo(this.site.address, path) };
  }

  /** A download (an export, the member's data), never cached. */
  file(file: { fileName: string; mimeType: string; content: Buffer | string }): PageResult {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    return { kind: 'file', fileName: file.fileName, mimeType: file.mimeType, content };
  }

  private viewContext(): ViewContext {
    return viewContextFor(this.site, this.viewer, this.viewer.language, this.spec);
  }
}

/** The layout's and every view's common values for a viewer (or nobody, before signing in). */
export function viewContextFor(
  site: WebSite,
  viewer: WebViewer | null,
  language: Language,
  current?: PageSpec,
): ViewContext {
  const t = (key: string, params?: MessageParams) => pageText(site.translator.t(language, key, params), language);
  const nav = viewer ? site.registry.navFor(viewer, current) : [];
  return {
    site,
    language,
    viewer,
    t,
    nav: nav.map((entry) => ({
      label: t(entry.labelKey),
      href: linkTo(site.address, entry.path),
      current: entry.current,
    })),
  };
}

/** Every page of the dashboard, mounted on Fastify once, before it listens. */
export class PageRegistry {
  private readonly specs: PageSpec[] = [];

  /** Every page declared, in order (a test walks them all with each role and another community). */
  get pages(): readonly PageSpec[] {
    return this.specs;
  }

  registerPage(spec: PageSpec): void {
    if (!spec.path.startsWith('/')) throw new Error(`page path must start with /: ${spec.path}`);
    if ((spec.scope ?? 'community') === 'member' && !spec.path.startsWith('/me/')) {
      throw new Error(`a member page lives under /me/: ${spec.path}`);
    }
    if (spec.nav && spec.method !== 'GET') throw new Error(`only a GET page is in the navigation: ${spec.path}`);
    this.specs.push(spec);
  }

  /** The server path of a page (`/archive` → `/c/:community/archive`). */
  static routePath(spec: PageSpec): string {
    return (spec.scope ?? 'community') === 'member' ? spec.path : `/c/:community${spec.path}`;
  }

  /** The navigation a viewer sees: the pages their role in the current community opens. */
  navFor(
    viewer: WebViewer,
    current?: PageSpec,
  ): Array<{ labelKey: string; descriptionKey?: string; path: string; current: boolean }> {
    const community = viewer.community;
    return this.specs
      .filter((spec) => spec.nav && !spec.path.includes('/:'))
      .filter((spec) => (spec.scope ?? 'community') === 'member' || (community && roleAllows([spec.role], viewer.role)))
      .sort((a, b) => a.nav!.order - b.nav!.order)
      .map((spec) => ({
        ...spec.nav!,
        path: (spec.scope ?? 'community') === 'member' ? spec.path : `/c/${community!.id}${spec.path}`,
        current: spec === current,
      }));
  }

  /** Adds every page to Fastify, each behind the session, community, role and CSRF checks. */
  mount(app: FastifyInstance, site: WebSite): void {
    for (const spec of this.specs) {
      const route: RouteOptions = {
        method: spec.method,
        url: PageRegistry.routePath(spec),
        handler: async (request, reply) => answerPage(site, spec, request, reply),
      };
      if (spec.method === 'POST') route.preHandler = app.csrfProtection;
      app.route(route);
    }
  }
}

async function answerPage(site: WebSite, spec: PageSpec, request: FastifyRequest, reply: FastifyReply) {
  const scope = spec.scope ?? 'community';
  let communityId: number | undefined;
  if (scope === 'community') {
    const raw = (request.params as Record<string, string>).community ?? '';
    communityId = /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
  }
  const viewer = await loadViewer(site.services.dashboard, request.cookies[site.sessionCookie], communityId);
  request.viewer = viewer;
  if (!viewer) throw new WebError(401, 'web.error.signed-out');
  if (scope === 'community') {
    requireRole(request, spec.role);
    if (viewer.session.communityId !== viewer.community!.id) {
      await site.services.dashboard.rememberCommunity(viewer.session.id, viewer.community!.id);
    }
  } else if (viewer.memberships.length === 0) {
    throw new WebError(403, 'web.error.no-community');
  }
  const result = await spec.handler(new Page(request, reply, viewer, site, spec));
  return sendResult(reply, result);
}

/** Sends what a page returned; personal pages are never kept by the browser or a proxy. */
export function sendResult(reply: FastifyReply, result: PageResult): FastifyReply {
  reply.header('cache-control', 'no-store');
  switch (result.kind) {
    case 'html':
      return reply.status(result.status).type('text/html; charset=utf-8').send(result.html);
    case 'redirect':
      return reply.redirect(result.location, 303);
    case 'file':
      return reply
        .type(result.mimeType)
        .header('content-disposition', attachment(result.fileName))
        .send(result.content);
  }
}

/** `attachment; filename="…"` with an ASCII fallback and the exact name in RFC 5987 form. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
