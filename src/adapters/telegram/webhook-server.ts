import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import type { HttpRoutes } from '../../ops/http-routes.ts';

export interface WebhookServerOptions {
  port: number;
  /** Interface to listen on; all of them by default (behind a reverse proxy that terminates TLS). */
  host?: string;
  /** The path of the webhook URL registered with Telegram. */
  path: string;
  /** What Telegram sends in `X-Telegram-Bot-Api-Secret-Token`, as given to `setWebhook`. */
  secretToken: string;
  /** Handles one update; the answer waits for it, so that an update lost to a crash is redelivered. */
  onUpdate: (update: unknown) => Promise<void>;
  logger: Logger;
  /** Set: the path is served by the bot's own HTTP server (with /healthz and /metrics) instead of one of its own. */
  routes?: HttpRoutes;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Updates are small JSON objects; anything bigger is not from Telegram. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * The HTTP endpoint Telegram posts updates to, plus `GET /healthz` for a load balancer or a process
 * manager. A request without the secret header gets 401, a wrong secret 403; neither reaches the bot.
 */
export class WebhookServer {
  private server: Server | undefined;
  /** Updates being handled, when mounted on the bot's HTTP server (its `close` does not wait for them here). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookServerOptions) {}

  /** Listens, and returns the port (useful with port 0). */
  async start(): Promise<number> {
    const routes = this.options.routes;
    if (routes) {
      routes.mount(this.options.path, (req, res) => this.track(this.route(req, res)));
      return routes.port ?? this.options.port;
    }
    const server = createServer((req, res) => void this.route(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops accepting requests and waits for the updates being handled. */
  async stop(): Promise<void> {
    if (this.options.routes) {
      // Requests from now on get 404 and are redelivered by Telegram to an instance that runs.
      this.options.routes.unmount(this.options.path);
      await Promise.all(this.inFlight);
      return;
    }
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Telegram keeps connections open between updates; idle ones would hold `close` up.
    server.closeIdleConnections();
    await closed;
  }

  private track(request: Promise<void>): Promise<void> {
    this.inFlight.add(request);
    return request.finally(() => this.inFlight.delete(request));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return answer(res, 200, 'ok');
    if (path !== this.options.path) return answer(res, 404, 'not found');
    if (req.method !== 'POST') return answer(res, 405, 'method not allowed');
    const secret = req.headers[SECRET_HEADER];
    if (typeof secret !== 'string' || secret === '') return answer(res, 401, 'secret token missing');
    if (!sameSecret(secret, this.options.secretToken)) {
      this.options.logger.warn({ remote: req.socket.remoteAddress }, 'webhook request with a wrong secret token');
      return answer(res, 403, 'wrong secret token');
    }
    let update: unknown;
    try {
      update = JSON.parse(await readBody(req));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      return answer(res, tooLarge ? 413 : 400, tooLarge ? 'too large' : 'not JSON');
    }
    try {
      await this.options.onUpdate(update);
      answer(res, 200, '');
    } catch (error) {
      // Telegram redelivers after a failure; the bot handles a redelivered update once.
      this.options.logger.error({ err: error }, 'webhook update failed');
      answer(res, 500, 'failed');
    }
  }
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Compared in constant time, so that response timing does not reveal the secret bit by bit. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}
