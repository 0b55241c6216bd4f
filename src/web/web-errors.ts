import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptedLanguage } from './accept-language.ts';
import { loadViewer } from './web-viewer.ts';
import { sendResult, viewContextFor, WebError, type WebSite } from './web-pages.ts';
import { renderView } from './web-render.ts';

/**
 * Every refusal and failure as a page in the viewer's language (or the browser's, without a session):
 * 401 not signed in, 403 not allowed or a form without its CSRF field, 404, 429 too many sign-in
 * attempts, 500. A failure is logged with the route's pattern, never the URL (a sign-in token is in it).
 */
export function installErrorPages(app: FastifyInstance, site: WebSite): void {
  app.setNotFoundHandler(async (request, reply) => {
    const viewer = await loadViewer(site.services.dashboard, request.cookies[site.sessionCookie]).catch(() => null);
    request.viewer = viewer;
    return errorPage(site, request, reply, 404, 'web.error.not-found');
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof WebError) return errorPage(site, request, reply, error.status, error.key);
    if (error.code?.startsWith('FST_CSRF_')) return errorPage(site, request, reply, 403, 'web.error.csrf');
    const status = error.statusCode ?? 500;
    if (status === 429) return errorPage(site, request, reply, 429, 'web.error.too-many');
    if (status >= 400 && status < 500) return errorPage(site, request, reply, status, 'web.error.bad-request');
    site.logger.error({ err: error, route: request.routeOptions.url ?? 'unknown' }, 'dashboard page failed');
    return errorPage(site, request, reply, 500, 'web.error.failed');
  });
}

/** The statuses with a title of their own; any other 4xx is titled as 400, any 5xx as 500. */
const TITLED = new Set([400, 401, 403, 404, 429, 500]);

async function errorPage(
  site: WebSite,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  key: string,
): Promise<FastifyReply> {
  const viewer = request.viewer ?? null;
  const language = viewer?.language ?? acceptedLanguage(request.headers['accept-language']);
  const context = viewContextFor(site, viewer, language);
  const title = context.t(`web.error.title.${TITLED.has(status) ? status : status >= 500 ? 500 : 400}`);
  const html = await renderView(reply, context, 'error', {
    title,
    message: context.t(key),
    signedOut: status === 401,
  });
  return sendResult(reply, { kind: 'html', html, status });
}
