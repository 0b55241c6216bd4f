import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger.ts';
import type { HttpRoutes, RouteHandler } from '../ops/http-routes.ts';
import { MountTable } from './mount-table.ts';
import type { DashboardParts } from './web-app.ts';
import { loadWebApp } from './web-app-module.ts';

export interface WebServerOptions {
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
 * The bot's HTTP server on PORT (see web-app.ts): `/healthz`, `/metrics`, the paths adapters and
 * features mount (webhooks, calendar feeds: every instance serves them, any of them can handle any
 * request), and the web dashboard once `serveDashboard` gave it the bot's services.
 */
export class WebServer implements HttpRoutes {
  private readonly mounts = new MountTable();
  private app: FastifyInstance | undefined;
  private dashboard: { parts: DashboardParts; publicUrl: string } | undefined;
  port: number | undefined;

  constructor(private readonly options: WebServerOptions) {}

  mount(path: string, handler: RouteHandler): void {
    this.mounts.mount(path, handler);
  }

  unmount(path: string): void {
    this.mounts.unmount(path);
  }

  mountPrefix(prefix: string, handler: RouteHandler): void {
    this.mounts.mountPrefix(prefix, handler);
  }

  unmountPrefix(prefix: string): void {
    this.mounts.unmountPrefix(prefix);
  }

  /**
   * Adds the dashboard, whose pages link to `publicUrl` (PUBLIC_URL: where browsers reach this server);
   * before `start`, since Fastify's routes are fixed once it listens.
   */
  serveDashboard(parts: DashboardParts, publicUrl: string): void {
    this.dashboard = { parts, publicUrl };
  }

  /** Listens, and returns the port. */
  async start(): Promise<number> {
    const { buildWebApp } = await loadWebApp();
    const app = await buildWebApp({
      mounts: this.mounts,
      healthy: this.options.healthy,
      metrics: this.options.metrics,
      logger: this.options.logger,
      ...(this.dashboard ? { dashboard: this.dashboard.parts, publicUrl: this.dashboard.publicUrl } : {}),
    });
    try {
      await app.listen({ port: this.options.port, host: this.options.host });
    } catch (error) {
      await app.close();
      throw error;
    }
    this.app = app;
    const address = app.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.options.port;
    return this.port;
  }

  /** Stops accepting requests and waits for those being answered. */
  async stop(): Promise<void> {
    const app = this.app;
    if (!app) return;
    this.app = undefined;
    // Keep-alive connections (Telegram's, a browser's) would hold `close` up.
    app.server.closeIdleConnections();
    await app.close();
  }
}
