import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import type { RouteHandler } from './http-routes.ts';

/** What a plain handler reads of a request: no body (the routes that use it answer GET and HEAD). */
export interface PlainRequest {
  method: string;
  /** The path without its query string, as sent (not decoded). */
  path: string;
  /** Header names in lower case; a repeated header joined with `, `. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface PlainReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** A route as a function of the request: nothing of node:http in it, so any HTTP server can serve it. */
export type PlainHandler = (request: PlainRequest) => Promise<PlainReply>;

/**
 * Serves a plain handler on node:http. A HEAD request gets the headers of the GET, Content-Length
 * included, without the body; a 304 gets its headers alone; a handler that throws is logged and
 * answered 500.
 */
export function plainRoute(handler: PlainHandler, logger: Logger): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '').split('?')[0] ?? '';
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let reply: PlainReply;
    try {
      reply = await handler({ method, path, headers });
    } catch (error) {
      // The path may hold a secret (a feed's): only its first segment is logged.
      logger.error({ err: error, route: path.split('/').slice(0, 2).join('/') }, 'http route failed');
      reply = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'failed' };
    }
    // A 304 has no content, and its Content-Length, if any, would have to be the 200's (RFC 9110, 8.6).
    if (reply.status === 304) return void res.writeHead(304, reply.headers).end();
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
    res.end(method === 'HEAD' ? undefined : body);
  };
}
