import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Where an adapter's webhook path is served: the bot's one HTTP server on PORT. */
export interface HttpRoutes {
  /** Serves `path` (any method) with `handler` until `unmount`. */
  mount(path: string, handler: RouteHandler): void;
  unmount(path: string): void;
  /**
   * Serves every path that starts with `prefix` (`/feed/`) with `handler`, unless an exact mount takes
   * the path first; the longest matching prefix wins.
   */
  mountPrefix(prefix: string, handler: RouteHandler): void;
  unmountPrefix(prefix: string): void;
  /** The port it listens on (tests ask for port 0). */
  readonly port: number | undefined;
}

export interface OpsServerOptions {
  port: number;
  /** 127.0.0.1 by default: a reverse proxy or a scraper on the same machine reaches it. */
  host: string;
  /** 200 when the database answers, 503 otherwise. */
  healthy: () => Promise<boolean>;
  /** Prometheus text and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  logger: Logger;
}

/**
 * The bot's HTTP server on PORT: `GET /healthz`, `GET /metrics`, whatever webhook paths the adapters
 * mount (every instance takes webhook requests: any of them can handle any update), and the calendar
 * feeds under `/feed/`.
 */
export class OpsServer implements HttpRoutes {
  private server: Server | undefined;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly prefixes = new Map<string, RouteHandler>();
  port: number | undefined;

  constructor(private readonly options: OpsServerOptions) {}

  mount(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  unmount(path: string): void {
    this.routes.delete(path);
  }

  mountPrefix(prefix: string, handler: RouteHandler): void {
    this.prefixes.set(prefix, handler);
  }

  unmountPrefix(prefix: string): void {
    this.prefixes.delete(prefix);
  }

  /** Listens, and returns the port. */
  async start(): Promise<number> {
    const server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops accepting requests and waits for those being answered. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections (Telegram's, a scraper's) would hold `close` up.
    server.closeIdleConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const mounted = this.routes.get(path) ?? this.prefixed(path);
    if (mounted) return mounted(req, res);
    if (path !== '/healthz' && path !== '/metrics') return answer(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed');
    try {
      if (path === '/healthz') {
        const healthy = await this.options.healthy();
        return answer(res, healthy ? 200 : 503, healthy ? 'ok' : 'database unavailable');
      }
      const { contentType, body } = await this.options.metrics();
      res.writeHead(200, { 'content-type': contentType }).end(body);
    } catch (error) {
      this.options.logger.error({ err: error, path }, 'operations endpoint failed');
      answer(res, 500, 'failed');
    }
  }

  private prefixed(path: string): RouteHandler | undefined {
    let best: { prefix: string; handler: RouteHandler } | undefined;
    for (const [prefix, handler] of this.prefixes) {
      if (path.startsWith(prefix) && prefix.length > (best?.prefix.length ?? -1)) best = { prefix, handler };
    }
    return best?.handler;
  }
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}
