import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_IDLE_MS, type LinkProblem } from '../features/dashboard/dashboard-service.ts';
import type { Language } from '../i18n/languages.ts';
import { acceptedLanguage } from './accept-language.ts';
import { linkTo } from './web-address.ts';
import { sendResult, viewContextFor, type WebSite } from './web-pages.ts';
import { renderView } from './web-render.ts';
import { cookieOptions } from './web-security.ts';
import { loadViewer } from './web-viewer.ts';
import { isLanguage } from '../i18n/languages.ts';
import { pageText } from './web-text.ts';

export interface SignInLimit {
  /** Requests to sign-in pages one address may make per window (GET and POST counted apart). */
  max: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = { max: 10, windowMs: 60_000 };

/**
 * Signing in and out. `GET /signin/:token` only shows a "Sign in" button: link previews and prefetchers
 * GET whatever URL a chat shows, and must not use the link up. The button POSTs (with the CSRF field),
 * which uses the link once, opens a session and sets its cookie. Both are rate-limited per address.
 * `POST /signout` ends the session; `GET /` sends a signed-in member to their community's home page.
 */
export function registerSignInRoutes(app: FastifyInstance, site: WebSite, limit: SignInLimit): void {
  const rateLimit = { max: limit.max, timeWindow: limit.windowMs };

  app.get('/signin/:token', { config: { rateLimit } }, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const state = await site.services.dashboard.inspectLink(token);
    if (state.problem !== null) return linkProblemPage(site, request, reply, state);
    return page(site, request, reply, state.language, 'signin', {
      title: pageText(site.translator.t(state.language, 'web.signin.title'), state.language),
      action: linkTo(site.address, `/signin/${token}`),
    });
  });

  app.post('/signin/:token', { config: { rateLimit }, preHandler: app.csrfProtection }, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const result = await site.services.dashboard.signIn(token, request.headers['user-agent']);
    if (result.problem !== null) return linkProblemPage(site, request, reply, result);
    reply.setCookie(site.sessionCookie, result.sessionSecret, {
      ...cookieOptions(site.address),
      maxAge: SESSION_IDLE_MS / 1000,
    });
    return sendResult(reply, { kind: 'redirect', location: linkTo(site.address, '/') });
  });

  app.post('/signout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const viewer = await loadViewer(site.services.dashboard, request.cookies[site.sessionCookie]);
    if (viewer) await site.services.dashboard.endSession(viewer.session.id, viewer.member.id, 'web');
    reply.clearCookie(site.sessionCookie, cookieOptions(site.address));
    const language = viewer?.language ?? acceptedLanguage(request.headers['accept-language']);
    return sendResult(reply, { kind: 'redirect', location: linkTo(site.address, `/signed-out?lang=${language}`) });
  });

  app.get('/signed-out', async (request, reply) => {
    const asked = (request.query as { lang?: string }).lang;
    const language = isLanguage(asked) ? asked : acceptedLanguage(request.headers['accept-language']);
    return page(site, request, reply, language, 'signed-out', {
      title: site.translator.t(language, 'web.signed-out.title'),
    });
  });

  app.get('/', async (request, reply) => {
    const viewer = await loadViewer(site.services.dashboard, request.cookies[site.sessionCookie]);
    request.viewer = viewer;
    if (!viewer) {
      const language = acceptedLanguage(request.headers['accept-language']);
      return page(site, request, reply, language, 'signed-out', {
        title: site.translator.t(language, 'web.signed-out.title-anonymous'),
        anonymous: true,
      });
    }
    if (!viewer.community)
      return page(site, request, reply, viewer.language, 'no-community', {
        title: site.translator.t(viewer.language, 'web.error.title.403'),
      });
    return sendResult(reply, { kind: 'redirect', location: linkTo(site.address, `/c/${viewer.community.id}/`) });
  });

  // The community switcher is a GET form (nothing changes until the page is opened): `?community=ID`.
  app.get('/switch', async (request, reply) => {
    const id = (request.query as { community?: string }).community ?? '';
    const target = /^\d{1,9}$/.test(id) ? `/c/${id}/` : '/';
    return sendResult(reply, { kind: 'redirect', location: linkTo(site.address, target) });
  });
}

/** A link that cannot sign in: which problem, in the language it was asked in (an unknown one: the browser's). */
function linkProblemPage(site: WebSite, request: FastifyRequest, reply: FastifyReply, state: LinkProblem) {
  const language = state.problem === 'unknown' ? acceptedLanguage(request.headers['accept-language']) : state.language;
  const t = (key: string) => pageText(site.translator.t(language, key), language);
  return page(
    site,
    request,
    reply,
    language,
    'signin-problem',
    { title: t(`web.signin.${state.problem}.title`), message: t(`web.signin.${state.problem}.message`) },
    // Gone for good (used or expired) or never there: the same answer a retry would get.
    state.problem === 'unknown' ? 404 : 410,
  );
}

async function page(
  site: WebSite,
  request: FastifyRequest,
  reply: FastifyReply,
  language: Language,
  view: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const html = await renderView(reply, viewContextFor(site, request.viewer ?? null, language), view, data);
  return sendResult(reply, { kind: 'html', html, status });
}
