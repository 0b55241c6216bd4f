import type { RouteHandler } from '../ops/http-routes.ts';

/**
 * The paths mounted while the server runs. Fastify's router is fixed once it listens, and a webhook is
 * mounted when its adapter starts (after) and unmounted when it stops (before the server closes): these
 * are looked up on each request, before Fastify's routes, and answered on Node's request and response.
 */
export class MountTable {
  private readonly exact = new Map<string, RouteHandler>();
  private readonly prefixes = new Map<string, RouteHandler>();

  mount(path: string, handler: RouteHandler): void {
    this.exact.set(path, handler);
  }

  unmount(path: string): void {
    this.exact.delete(path);
  }

  mountPrefix(prefix: string, handler: RouteHandler): void {
    this.prefixes.set(prefix, handler);
  }

  unmountPrefix(prefix: string): void {
    this.prefixes.delete(prefix);
  }

  /** The handler of a path (without its query string), or undefined. */
  find(path: string): RouteHandler | undefined {
    const exact = this.exact.get(path);
    if (exact) return exact;
    let best: { prefix: string; handler: RouteHandler } | undefined;
    for (const [prefix, handler] of this.prefixes) {
      if (path.startsWith(prefix) && prefix.length > (best?.prefix.length ?? -1)) best = { prefix, handler };
    }
    return best?.handler;
  }
}
