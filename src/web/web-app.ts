import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import type { Services } from '../features/services.ts';
import type { Translator } from '../i18n/translator.ts';
import type { Messenger } from '../features/ballots/messenger.ts';
import type { MountTable } from './mount-table.ts';
import { webAddress } from './web-address.ts';
import { PageRegistry, type WebSite } from './web-pages.ts';
import { registerAllPages } from './pages/all-pages.ts';
import { registerSignInRoutes, DEFAULT_SIGN_IN_LIMIT, type SignInLimit } from './signin-routes.ts';
import { installErrorPages } from './web-errors.ts';
import { registerAssets } from './web-assets.ts';
import { registerUploads } from './web-uploads.ts';
import { cookieName, cookieOptions, helmetOptions } from './web-security.ts';

const VIEWS_DIR = fileURLToPath(new URL('./views/', import.meta.url));

/** Forms are small: a sign-in button, a note. Anything bigger is refused before it is read whole. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** What the dashboard needs of the bot: the same services, translations and outbox as the chat. */
export interface DashboardParts {
  services: Services;
  translator: Translator;
  messenger: Messenger;
}

export interface WebAppOptions {
  /** PUBLIC_URL: where browsers reach this server (see web-address.ts); the dashboard needs it. */
  publicUrl?: string;
  /** Webhooks and feeds, mounted and unmounted while the server runs. */
  mounts: MountTable;
  /** 200 when the database answers, 503 otherwise. */
  healthy: () => Promise<boolean>;
  /** Prometheus text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  logger: Logger;
  /** Unset: the server has /healthz, /metrics and the mounts only (a process without the bot core). */
  dashboard?: DashboardParts;
  signInLimit?: SignInLimit;
  /** The pages to serve; `registerAllPages` unless a test adds its own. */
  pages?: (registry: PageRegistry) => void;
}

/**
 * The bot's HTTP server as a Fastify app, not yet listening: `app.inject` drives it in tests.
 *   - the mounted paths (webhooks, `/feed/`) are answered first, on Node's request and response;
 *   - `GET /healthz`, `GET /metrics` as plain text;
 *   - the web dashboard: sign-in, pages, assets, behind helmet's headers (a strict CSP), CSRF on
 *     every POST, rate-limited sign-in, HttpOnly cookies.
 */
export async function buildWebApp(options: WebAppOptions): Promise<FastifyInstance> {
  // Requests are not logged (a sign-in URL carries its token); failures are, by the error pages.
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a reverse proxy on this machine, the client's address is in X-Forwarded-For; nobody
    // else's word for it is taken (the sign-in rate limit counts per client address).
    trustProxy: ['127.0.0.1', '::1'],
  });
  app.decorateRequest('viewer', null);

  // First of all hooks: a mounted path skips everything else (helmet, parsing, routing).
  app.addHook('onRequest', async (request, reply) => {
    const handler = options.mounts.find((request.raw.url ?? '').split('?')[0] ?? '');
    if (!handler) return;
    reply.hijack();
    await handler(request.raw, reply.raw);
  });

  app.get('/healthz', async (_request, reply) => {
    const healthy = await options.healthy().catch(() => false);
    return reply
      .status(healthy ? 200 : 503)
      .type('text/plain; charset=utf-8')
      .send(healthy ? 'ok' : 'database unavailable');
  });

  app.get('/metrics', async (_request, reply) => {
    try {
      const { contentType, body } = await options.metrics();
      return reply.type(contentType).send(body);
    } catch (error) {
      options.logger.error({ err: error, path: '/metrics' }, 'operations endpoint failed');
      return reply.status(500).type('text/plain; charset=utf-8').send('failed');
    }
  });

  if (options.dashboard) await addDashboard(app, options, options.dashboard, options.publicUrl ?? '');
  return app;
}

async function addDashboard(
  app: FastifyInstance,
  options: WebAppOptions,
  parts: DashboardParts,
  publicUrl: string,
): Promise<void> {
  const address = webAddress(publicUrl);
  await app.register(fastifyHelmet, helmetOptions(address));
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // The forms that send a file (an admin's CSV or template), read into the body like the others.
  await registerUploads(app);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: cookieName(address, 'hamkar_csrf'),
    cookieOpts: cookieOptions(address),
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyView, {
    // Escaping is eta's default; said here so that no one turns it off by accident.
    engine: { eta: new Eta({ views: VIEWS_DIR, autoEscape: true, autoTrim: [false, 'nl'] }) },
    templates: VIEWS_DIR,
    layout: 'layout.eta',
    production: true,
  });
  const assets = await registerAssets(app, address);
  const registry = new PageRegistry();
  (options.pages ?? registerAllPages)(registry);
  const site: WebSite = {
    address,
    services: parts.services,
    translator: parts.translator,
    messenger: parts.messenger,
    logger: options.logger,
    sessionCookie: cookieName(address, 'hamkar_session'),
    assets,
    registry,
  };
  installErrorPages(app, site);
  registerSignInRoutes(app, site, options.signInLimit ?? DEFAULT_SIGN_IN_LIMIT);
  registry.mount(app, site);
}
