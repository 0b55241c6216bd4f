import type { IncomingMessage, ServerResponse } from 'node:http';

/** A handler on Node's own request and response: a webhook or a feed reads and answers them itself. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Where adapters and features mount paths on the bot's one HTTP server on PORT (src/web/web-server.ts):
 * a webhook's path, the calendar feeds' `/feed/`.
 */
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
