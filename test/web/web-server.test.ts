import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { WebServer } from '../../src/web/web-server.ts';
import { CookieJar, WebHarness } from './web-harness.ts';

const servers: WebServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

function server(healthy = true): WebServer {
  const s = new WebServer({
    port: 0,
    host: '127.0.0.1',
    healthy: async () => healthy,
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'hamkar_up 1\n' }),
    logger: silentLogger(),
  });
  servers.push(s);
  return s;
}

describe('the HTTP server (Fastify) keeps what the operations server did', () => {
  it('GIVEN the server THEN /healthz and /metrics answer as before, and anything else is 404', async () => {
    const s = server();
    const port = await s.start();
    expect(s.port).toBe(port);
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe('hamkar_up 1\n');
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('GIVEN the database down THEN /healthz says 503', async () => {
    const port = await server(false).start();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([health.status, await health.text()]).toEqual([503, 'database unavailable']);
  });

  it('GIVEN a webhook mounted after the server listens THEN it gets the raw request body, any method, until unmounted', async () => {
    const s = server();
    const port = await s.start();
    const seen: string[] = [];
    s.mount('/telegram-hook', async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      seen.push(`${req.method} ${req.url} ${req.headers['x-secret']} ${body}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('taken');
    });
    const response = await fetch(`http://127.0.0.1:${port}/telegram-hook?x=1`, {
      method: 'POST',
      headers: { 'x-secret': 's3', 'content-type': 'application/json' },
      body: '{"update_id":1}',
    });
    expect([response.status, await response.text()]).toEqual([200, 'taken']);
    expect(seen).toEqual(['POST /telegram-hook?x=1 s3 {"update_id":1}']);
    s.unmount('/telegram-hook');
    expect((await fetch(`http://127.0.0.1:${port}/telegram-hook`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('GIVEN prefixes THEN the longest one serves its paths, and an exact mount takes its path first', async () => {
    const s = server();
    const port = await s.start();
    const answer = (text: string) => async (_req: unknown, res: import('node:http').ServerResponse) =>
      void res.writeHead(200).end(text);
    s.mountPrefix('/feed/', answer('feeds'));
    s.mountPrefix('/feed/special/', answer('special'));
    s.mount('/feed/exact', answer('exact'));
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).text();
    expect(await get('/feed/abc.ics')).toBe('feeds');
    expect(await get('/feed/special/x')).toBe('special');
    expect(await get('/feed/exact')).toBe('exact');
    s.unmountPrefix('/feed/');
    expect((await fetch(`http://127.0.0.1:${port}/feed/abc.ics`)).status).toBe(404);
  });

  it('GIVEN a port in use THEN start fails and the port stays with its owner', async () => {
    const first = server();
    const port = await first.start();
    const second = new WebServer({
      port,
      host: '127.0.0.1',
      healthy: async () => true,
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      logger: silentLogger(),
    });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

describe('assets', () => {
  let w: WebHarness | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('GIVEN the layout’s stylesheet, script and the Persian font THEN each is served with a year-long immutable cache', async () => {
    w = await WebHarness.create();
    const page = await w.request(new CookieJar(), 'GET', '/');
    const css = /href="(\/assets\/dashboard\.css\?v=[0-9a-f]{12})"/.exec(page.body)?.[1];
    const js = /src="(\/assets\/dashboard\.js\?v=[0-9a-f]{12})"/.exec(page.body)?.[1];
    expect(css && js, page.body).toBeTruthy();
    for (const [path, type] of [
      [css!, 'text/css'],
      [js!, 'application/javascript'],
      ['/assets/fonts/vazirmatn.woff2', 'font/woff2'],
    ] as const) {
      const response = await w.web.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(200);
      expect(response.headers['content-type']).toContain(type);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const font = await w.web.inject({ method: 'GET', url: '/assets/fonts/vazirmatn.woff2' });
    expect(font.rawPayload.subarray(0, 4).toString('latin1')).toBe('wOF2');
    const stylesheet = await w.web.inject({ method: 'GET', url: css! });
    expect(stylesheet.body).toContain("url('fonts/vazirmatn.woff2')");
    expect((await w.web.inject({ method: 'GET', url: '/assets/../package.json' })).statusCode).toBe(404);
  });
});
