import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { linkTo, type WebAddress } from './web-address.ts';

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const require = createRequire(import.meta.url);
/** Vazirmatn's variable web font: every weight in one file (about 110 KB), loaded by Persian pages only. */
const FONT_DIR = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
const FONT_FILE = 'Vazirmatn[wght].woff2';

/** A year: the URLs of our files change with their content (`?v=`), so a browser never keeps a stale one. */
const LONG_CACHE_MS = 365 * 24 * 3_600_000;

/**
 * Our stylesheet and script under `/assets/`, and the Persian font at `/assets/fonts/vazirmatn.woff2`
 * (the stylesheet names it relatively, so PUBLIC_URL's path needs nothing more). Returns the URLs the
 * layout links, each with its content's hash.
 */
export async function registerAssets(app: FastifyInstance, address: WebAddress): Promise<{ css: string; js: string }> {
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    index: false,
    list: false,
    maxAge: LONG_CACHE_MS,
    immutable: true,
  });
  app.get('/assets/fonts/vazirmatn.woff2', (_request, reply) =>
    reply.sendFile(FONT_FILE, FONT_DIR, { maxAge: LONG_CACHE_MS, immutable: true }),
  );
  return {
    css: `${linkTo(address, '/assets/dashboard.css')}?v=${await contentHash('dashboard.css')}`,
    js: `${linkTo(address, '/assets/dashboard.js')}?v=${await contentHash('dashboard.js')}`,
  };
}

async function contentHash(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path.join(ASSETS_DIR, file)))
    .digest('hex')
    .slice(0, 12);
}
