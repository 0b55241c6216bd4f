import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { MountTable } from '../../src/web/mount-table.ts';
import { buildWebApp } from '../../src/web/web-app.ts';
import type { SignInLimit } from '../../src/web/signin-routes.ts';
import type { PageRegistry } from '../../src/web/web-pages.ts';
import { Harness, privateChat, type Person } from '../support/harness.ts';

export const PUBLIC_URL = 'http://127.0.0.1:8080';

/** A browser's cookies, as `app.inject` needs them sent back. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The bot core over a fresh database and its web app, driven by `app.inject` (no port). */
export class WebHarness {
  private constructor(
    readonly bot: Harness,
    readonly web: FastifyInstance,
  ) {}

  static async create(
    options: { publicUrl?: string; signInLimit?: SignInLimit; pages?: (registry: PageRegistry) => void } = {},
  ): Promise<WebHarness> {
    const bot = await Harness.create();
    const publicUrl = options.publicUrl ?? PUBLIC_URL;
    bot.app.services.dashboard.servedAt(publicUrl);
    const web = await buildWebApp({
      publicUrl,
      mounts: new MountTable(),
      healthy: async () => true,
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      logger: silentLogger(),
      dashboard: { services: bot.app.services, translator: bot.app.translator, messenger: bot.app.outbox },
      ...(options.signInLimit ? { signInLimit: options.signInLimit } : {}),
      ...(options.pages ? { pages: options.pages } : {}),
    });
    return new WebHarness(bot, web);
  }

  async close(): Promise<void> {
    await this.web.close();
    await this.bot.close();
  }

  /** The sign-in link `/dashboard` sends the person in their private chat. */
  async linkFor(person: Person): Promise<string> {
    const replies = await person.says('/dashboard', privateChat(person.userId));
    const url = replies
      .map((m) => m.text)
      .join('\n')
      .match(/https?:\/\/\S+\/signin\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(url, replies.map((m) => m.text).join('\n')).toBeDefined();
    return url!;
  }

  /** GET or POST as a browser with `jar`: its cookies go along and what is set comes back into it. */
  async request(
    jar: CookieJar,
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.web.inject({
      method,
      url: path,
      headers: {
        ...(jar.cookies.size > 0 ? { cookie: jar.header() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
        ...headers,
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(response);
    return response;
  }

  /** Opens the link's page and presses "Sign in": the response to the POST. */
  async useLink(jar: CookieJar, link: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const path = new URL(link).pathname;
    const page = await this.request(jar, 'GET', path, undefined, headers);
    expect(page.statusCode, page.body).toBe(200);
    return this.request(jar, 'POST', path, { _csrf: csrfToken(page.body) }, headers);
  }

  /** A browser signed in as the person (who must be a member of a community). */
  async signIn(person: Person): Promise<CookieJar> {
    const jar = new CookieJar();
    const response = await this.useLink(jar, await this.linkFor(person));
    expect(response.statusCode, response.body).toBe(303);
    return jar;
  }
}

/** The CSRF field of the first form on a page. */
export function csrfToken(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, html).toBeDefined();
  return token!;
}
