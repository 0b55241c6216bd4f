import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/roles.ts';
import { registerAllPages } from '../../src/web/pages/all-pages.ts';
import { PageRegistry } from '../../src/web/web-pages.ts';
import { GROUP, OTHER_GROUP, type Person } from '../support/harness.ts';
import { CookieJar, csrfToken, WebHarness } from './web-harness.ts';

let w: WebHarness | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** The dashboard's pages, plus one only chairs may open (what the chair pages will be). */
function pagesWithChairPage(registry: PageRegistry): void {
  registerAllPages(registry);
  registry.registerPage({
    method: 'GET',
    path: '/chair-only',
    role: 'chair',
    nav: { labelKey: 'web.nav.home', order: 50 },
    handler: async (page) => page.render('no-community', { title: 'chair page' }),
  });
}

async function start(options: Parameters<typeof WebHarness.create>[0] = {}): Promise<WebHarness> {
  w = await WebHarness.create({ ...options });
  return w;
}

/** A member of the community bound to `group` with `role`, who wrote there. */
async function memberWith(h: WebHarness, userId: string, role: Role, group = GROUP): Promise<Person> {
  const person = h.bot.person(userId, { name: userId });
  await person.says('/start', group);
  const member = await h.bot.prisma.member.findFirstOrThrow({
    where: { identities: { some: { externalId: userId } } },
  });
  await h.bot.prisma.membership.updateMany({ where: { memberId: member.id }, data: { role } });
  return person;
}

async function twoCommunities(h: WebHarness): Promise<{ first: number; second: number }> {
  await h.bot.person('founder-1', { admin: true }).says('/setup new First', GROUP);
  await h.bot.person('founder-2', { admin: true }).says('/setup new Second', OTHER_GROUP);
  const first = await h.bot.prisma.community.findFirstOrThrow({ where: { name: 'First' } });
  const second = await h.bot.prisma.community.findFirstOrThrow({ where: { name: 'Second' } });
  return { first: first.id, second: second.id };
}

/** A page's server path for a community, with any `:param` given a value. */
function pathOf(spec: { path: string; scope?: string }, communityId: number): string {
  const path = spec.path.replace(/:[A-Za-z]+/g, '1');
  return (spec.scope ?? 'community') === 'member' ? path : `/c/${communityId}${path}`;
}

describe('headers', () => {
  it('GIVEN any dashboard page THEN its Content-Security-Policy is the strict one and the HTML has no inline script or style', async () => {
    const h = await start();
    await twoCommunities(h);
    const sara = await memberWith(h, 'sara', 'member');
    const jar = await h.signIn(sara);
    const pages = [
      await h.request(jar, 'GET', '/c/1/'),
      await h.request(jar, 'GET', '/me/sessions'),
      await h.request(new CookieJar(), 'GET', `/signin/${'x'.repeat(43)}`),
      await h.request(new CookieJar(), 'GET', '/no-such-page'),
    ];
    for (const page of pages) {
      const csp = String(page.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values.join(' ')] as const;
        }),
      );
      expect(Object.fromEntries(directives)).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' data:",
        'font-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
        'form-action': "'self'",
        'base-uri': "'none'",
      });
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(page.body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
    expect(pages.map((p) => p.statusCode)).toEqual([200, 200, 404, 404]);
  });

  it('GIVEN a name with markup THEN the page shows it as text (eta escapes)', async () => {
    const h = await start();
    await h.bot.person('founder', { admin: true }).says('/setup new First', GROUP);
    const mallory = h.bot.person('mallory', { name: '<img src=x onerror=alert(1)>' });
    await mallory.says('/start', GROUP);
    const jar = await h.signIn(mallory);
    const page = await h.request(jar, 'GET', '/c/1/');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
  });
});

describe('CSRF', () => {
  it('GIVEN a signed-in member WHEN a form is posted without its CSRF field, or with another browser’s THEN 403 and nothing changes', async () => {
    const h = await start();
    await twoCommunities(h);
    const sara = await memberWith(h, 'sara', 'member');
    const jar = await h.signIn(sara);
    const session = await h.bot.prisma.dashboardSession.findFirstOrThrow();
    const sessionNow = () => h.bot.prisma.dashboardSession.findUniqueOrThrow({ where: { id: session.id } });
    const missing = await h.request(jar, 'POST', '/me/sessions/end', { session: String(session.id) });
    expect(missing.statusCode).toBe(403);
    const forged = await h.request(jar, 'POST', '/me/sessions/end', { session: String(session.id), _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    // A token from another browser (another member's page) is tied to that browser's secret.
    const omid = await memberWith(h, 'omid', 'member');
    const omidPage = await h.request(await h.signIn(omid), 'GET', '/me/sessions');
    const borrowed = await h.request(jar, 'POST', '/me/sessions/end', {
      session: String(session.id),
      _csrf: csrfToken(omidPage.body),
    });
    expect(borrowed.statusCode).toBe(403);
    expect((await sessionNow()).endedAt).toBeNull();
    // With its field, the same form works.
    const page = await h.request(jar, 'GET', '/me/sessions');
    const ok = await h.request(jar, 'POST', '/me/sessions/end', {
      session: String(session.id),
      _csrf: csrfToken(page.body),
    });
    expect(ok.statusCode).toBe(303);
    expect((await sessionNow()).endedAt).not.toBeNull();
    const audit = await h.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'dashboard.session-end' } });
    expect(audit.details).toMatchObject({ via: 'web' });
  });
});

describe('who may open what', () => {
  it('GIVEN a member of another community THEN every community page of this one is refused (403), their own opens', async () => {
    const h = await start({});
    const { first, second } = await twoCommunities(h);
    const omid = await memberWith(h, 'omid', 'admin', OTHER_GROUP);
    const jar = await h.signIn(omid);
    const registry = new PageRegistry();
    registerAllPages(registry);
    expect(registry.pages.length).toBeGreaterThan(0);
    const token = csrfToken((await h.request(jar, 'GET', `/c/${second}/`)).body);
    for (const spec of registry.pages.filter((s) => (s.scope ?? 'community') === 'community')) {
      const path = pathOf(spec, first);
      const response =
        spec.method === 'GET'
          ? await h.request(jar, 'GET', path)
          : await h.request(jar, 'POST', path, { _csrf: token });
      expect(response.statusCode, `${spec.method} ${path}`).toBe(403);
      expect(response.body).toContain('a community you are not a member of');
    }
    // Switching to it does not help: the switcher only leads to the same refusal.
    const switched = await h.request(jar, 'GET', `/switch?community=${first}`);
    expect((await h.request(jar, 'GET', switched.headers.location as string)).statusCode).toBe(403);
    // Their own community opens.
    expect((await h.request(jar, 'GET', `/c/${second}/`)).statusCode).toBe(200);
  });

  it('GIVEN a page for chairs THEN a member and a curator get 403, a chair and an admin get it, and the nav shows it only to them', async () => {
    const h = await start({ pages: pagesWithChairPage });
    const { first } = await twoCommunities(h);
    const results: Record<string, { status: number; inNav: boolean }> = {};
    for (const role of ['member', 'curator', 'chair', 'admin'] as const) {
      const jar = await h.signIn(await memberWith(h, `p-${role}`, role));
      const page = await h.request(jar, 'GET', `/c/${first}/chair-only`);
      const home = await h.request(jar, 'GET', `/c/${first}/`);
      results[role] = { status: page.statusCode, inNav: home.body.includes(`href="/c/${first}/chair-only"`) };
      if (page.statusCode === 403) expect(page.body).toContain('Your role in this community does not open this page');
    }
    expect(results).toEqual({
      member: { status: 403, inNav: false },
      curator: { status: 403, inNav: false },
      chair: { status: 200, inNav: true },
      admin: { status: 200, inNav: true },
    });
  });

  it('GIVEN another member’s session id THEN ending it from my sessions page ends nothing (404)', async () => {
    const h = await start();
    await twoCommunities(h);
    const sara = await memberWith(h, 'sara', 'member');
    const omid = await memberWith(h, 'omid', 'member');
    const saraJar = await h.signIn(sara);
    await h.signIn(omid);
    const omidSession = await h.bot.prisma.dashboardSession.findFirstOrThrow({
      where: { member: { displayName: 'omid' } },
    });
    const page = await h.request(saraJar, 'GET', '/me/sessions');
    expect(page.body).not.toContain(`value="${omidSession.id}"`);
    const response = await h.request(saraJar, 'POST', '/me/sessions/end', {
      session: String(omidSession.id),
      _csrf: csrfToken(page.body),
    });
    expect(response.statusCode).toBe(404);
    expect(
      (await h.bot.prisma.dashboardSession.findUniqueOrThrow({ where: { id: omidSession.id } })).endedAt,
    ).toBeNull();
  });
});

describe('my data', () => {
  it('GIVEN a signed-in member THEN the download is the same JSON as /mydata, as a file that is not cached', async () => {
    const h = await start();
    await twoCommunities(h);
    const sara = await memberWith(h, 'sara', 'member');
    const jar = await h.signIn(sara);
    const page = await h.request(jar, 'GET', '/me/data');
    expect(page.body).toContain('href="/me/data.json"');
    const download = await h.request(jar, 'GET', '/me/data.json');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/json/);
    expect(download.headers['content-disposition']).toContain('attachment; filename="hamkar-my-data.json"');
    expect(download.headers['cache-control']).toBe('no-store');
    const member = await h.bot.prisma.member.findFirstOrThrow({ where: { displayName: 'sara' } });
    const fromChat = JSON.parse(await h.bot.app.services.privacy.export(member.id)) as Record<string, unknown>;
    const fromWeb = JSON.parse(download.body) as Record<string, unknown>;
    // The export is dated when it is made: everything else is the same.
    delete fromChat.exportedAt;
    delete fromWeb.exportedAt;
    expect(fromWeb).toEqual(fromChat);
    expect(JSON.stringify(fromWeb)).toContain('sara');
    // The export lists her dashboard session (which browser, when), never its secret's hash.
    const session = await h.bot.prisma.dashboardSession.findFirstOrThrow();
    expect(fromWeb.dashboardSessions).toEqual([
      expect.objectContaining({ userAgent: expect.stringContaining('Firefox'), endedAt: null }),
    ]);
    expect(download.body).not.toContain(session.idHash);
  });
});

describe('the sign-in rate limit', () => {
  it('GIVEN more sign-in requests from one address than the limit THEN 429 with a page saying so; another address is not held up', async () => {
    const h = await start({ signInLimit: { max: 3, windowMs: 60_000 } });
    const path = `/signin/${'z'.repeat(43)}`;
    const from = (ip: string) => ({ 'x-forwarded-for': ip, 'accept-language': 'en' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await h.request(new CookieJar(), 'GET', path, undefined, from('203.0.113.7'))).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await h.request(new CookieJar(), 'GET', path, undefined, from('203.0.113.7'));
    expect(limited.body).toContain('Too many sign-in attempts');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await h.request(new CookieJar(), 'GET', path, undefined, from('198.51.100.2'))).statusCode).toBe(404);
  });

  it('GIVEN the default limit THEN the eleventh sign-in request within a minute is refused', async () => {
    const h = await start();
    const path = `/signin/${'q'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await h.request(new CookieJar(), 'GET', path)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
