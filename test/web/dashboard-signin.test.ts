import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, privateChat, texts } from '../support/harness.ts';
import { CookieJar, csrfToken, WebHarness } from './web-harness.ts';

let w: WebHarness;
beforeEach(async () => {
  w = await WebHarness.create();
});
afterEach(async () => {
  await w.close();
});

/** A community with its admin, and a member who wrote in its group. */
async function community(name = 'Librarians', group = GROUP) {
  const admin = w.bot.person(`admin-${name}`, { name: `Admin ${name}`, admin: true });
  await admin.says(`/setup new ${name}`, group);
  return admin;
}

describe('/dashboard in chat', () => {
  it('GIVEN a member in a private chat WHEN they send /dashboard THEN the reply holds a one-time link to PUBLIC_URL/signin/, and only its hash is stored', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const replies = await sara.says('/dashboard');
    const text = texts(replies);
    const token = /http:\/\/127\.0\.0\.1:8080\/signin\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token, text).toBeDefined();
    expect(text).toContain('10 minutes');
    const links = await w.bot.prisma.dashboardLink.findMany();
    expect(links).toHaveLength(1);
    expect(links[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(links)).not.toContain(token);
  });

  it('GIVEN a group WHEN someone sends /dashboard there THEN no link is sent anywhere, and they are told to ask privately', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    const replies = await sara.says('/dashboard', GROUP);
    expect(texts(replies)).toContain('only in a private chat');
    expect(texts(replies)).not.toContain('/signin/');
    expect(replies.every((m) => m.chatId === GROUP.chatId)).toBe(true);
    expect(await w.bot.prisma.dashboardLink.count()).toBe(0);
  });

  it('GIVEN a Persian member THEN the link comes in Persian', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    await sara.says('/lang fa');
    const text = texts(await sara.says('/dashboard'));
    expect(text).toContain('پیوند ورود شما به پیشخوان وب');
    expect(text).toMatch(/\/signin\/[A-Za-z0-9_-]{43}/);
  });
});

describe('signing in with the link', () => {
  it('GIVEN the link WHEN it is opened (GET) THEN it is not used up: only the POST of its button signs in, once; a second use says "already used"', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const link = await w.linkFor(sara);
    const path = new URL(link).pathname;

    // A link preview fetches it twice: nothing happens.
    const preview = new CookieJar();
    for (let i = 0; i < 2; i++) {
      const page = await w.request(preview, 'GET', path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<button type="submit" class="button">Sign in</button>');
    }
    expect((await w.bot.prisma.dashboardLink.findFirstOrThrow()).usedAt).toBeNull();

    const browser = new CookieJar();
    const form = await w.request(browser, 'GET', path);
    const token = csrfToken(form.body);
    const signedIn = await w.request(browser, 'POST', path, { _csrf: token });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/');
    expect(await w.bot.prisma.dashboardSession.count()).toBe(1);
    const home = await w.request(browser, 'GET', '/');
    expect(home.statusCode).toBe(303);
    const page = await w.request(browser, 'GET', home.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Welcome, Sara.');

    // Used again (another browser, or the same one): refused, saying why, and no new session.
    const again = new CookieJar();
    const second = await w.request(again, 'GET', path);
    expect(second.statusCode).toBe(410);
    expect(second.body).toContain('This link was already used');
    const replay = await w.request(browser, 'POST', path, { _csrf: token });
    expect(replay.statusCode).toBe(410);
    expect(replay.body).toContain('This link was already used');
    expect(await w.bot.prisma.dashboardSession.count()).toBe(1);
    const audit = await w.bot.prisma.auditLog.findMany({ where: { action: 'dashboard.signin' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ via: 'web' });
  });

  it('GIVEN a link older than 10 minutes THEN it says it expired, in the language the member asked in', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    await sara.says('/lang fa');
    const link = await w.linkFor(sara);
    await w.bot.prisma.dashboardLink.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const page = await w.request(new CookieJar(), 'GET', new URL(link).pathname);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('<html lang="fa" dir="rtl">');
    expect(page.body).toContain('مهلت این پیوند گذشته است');
    const post = await w.request(new CookieJar(), 'POST', new URL(link).pathname, {});
    // Without the CSRF field the POST is refused before the link is looked at.
    expect(post.statusCode).toBe(403);
    expect(await w.bot.prisma.dashboardSession.count()).toBe(0);
  });

  it('GIVEN an unknown token THEN the page says so in the browser’s language (English when none is ours)', async () => {
    const path = `/signin/${'A'.repeat(43)}`;
    const russian = await w.request(new CookieJar(), 'GET', path, undefined, { 'accept-language': 'de;q=0.9, ru' });
    expect(russian.statusCode).toBe(404);
    expect(russian.body).toContain('Эта ссылка не работает');
    const english = await w.request(new CookieJar(), 'GET', '/signin/short', undefined, { 'accept-language': 'de' });
    expect(english.body).toContain('This link does not work');
  });

  it('GIVEN Sara’s link THEN it signs in as Sara only, whoever opens it, and her session shows her pages, not Omid’s', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    const omid = w.bot.person('omid', { name: 'Omid' });
    await sara.says('/start', GROUP);
    await omid.says('/start', GROUP);
    const saraLink = await w.linkFor(sara);
    await w.linkFor(omid);
    // Omid's browser uses Sara's link: it is Sara who is signed in there, and her link is spent.
    const omidsBrowser = new CookieJar();
    await w.useLink(omidsBrowser, saraLink);
    const session = await w.bot.prisma.dashboardSession.findFirstOrThrow({ include: { member: true } });
    expect(session.member.displayName).toBe('Sara');
    const link = await w.bot.prisma.dashboardLink.findFirstOrThrow({
      where: { usedAt: { not: null } },
      include: { member: true },
    });
    expect(link.member.displayName).toBe('Sara');
    expect(await w.bot.prisma.dashboardLink.count({ where: { usedAt: null } })).toBe(1);
  });
});

describe('the session cookie', () => {
  it('GIVEN a sign-in over http THEN the cookie is HttpOnly, SameSite=Lax, not Secure, and holds no database id', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const jar = new CookieJar();
    const response = await w.useLink(jar, await w.linkFor(sara));
    const header = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('hamkar_session='));
    expect(header).toBeDefined();
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).not.toMatch(/; Secure/);
    const value = /^hamkar_session=([^;]+)/.exec(header!)![1]!;
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await w.bot.prisma.dashboardSession.findFirstOrThrow();
    expect(row.idHash).not.toContain(value);
  });

  it('GIVEN PUBLIC_URL over https THEN the cookie is Secure, __Host- prefixed, and HSTS is sent', async () => {
    await w.close();
    w = await WebHarness.create({ publicUrl: 'https://bot.example.org' });
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const link = await w.linkFor(sara);
    expect(link.startsWith('https://bot.example.org/signin/')).toBe(true);
    const response = await w.useLink(new CookieJar(), link);
    const header = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-hamkar_session='));
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; Path=\//);
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('GIVEN PUBLIC_URL with a path (a proxy forwards /hamkar/ to the bot’s /) THEN links, forms, redirects and the cookie carry the path', async () => {
    await w.close();
    w = await WebHarness.create({ publicUrl: 'https://example.org/hamkar/' });
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const link = await w.linkFor(sara);
    expect(link).toMatch(/^https:\/\/example\.org\/hamkar\/signin\/[A-Za-z0-9_-]{43}$/);
    const token = link.split('/').pop()!;
    const jar = new CookieJar();
    const page = await w.request(jar, 'GET', `/signin/${token}`);
    expect(page.body).toContain(`action="/hamkar/signin/${token}"`);
    expect(page.body).toContain('href="/hamkar/assets/dashboard.css?v=');
    const response = await w.request(jar, 'POST', `/signin/${token}`, { _csrf: csrfToken(page.body) });
    expect(response.headers.location).toBe('/hamkar/');
    const header = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('hamkar_session='));
    expect(header).toMatch(/; Path=\/hamkar(;|$)/);
    expect(header).toMatch(/; Secure/);
    const home = await w.request(jar, 'GET', '/');
    expect(home.headers.location).toMatch(/^\/hamkar\/c\/\d+\/$/);
  });

  it('GIVEN a session unused for 7 days THEN it has ended: the page asks to sign in again', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const jar = await w.signIn(sara);
    await w.bot.prisma.dashboardSession.updateMany({
      data: { lastSeenAt: new Date(Date.now() - 7 * 24 * 3600_000 - 1000) },
    });
    const page = await w.request(jar, 'GET', '/me/sessions');
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('send /dashboard to the bot');
  });
});

describe('signing out and ending sessions', () => {
  it('GIVEN a signed-in browser WHEN it signs out (POST with CSRF) THEN the session ends, the cookie is cleared and pages ask to sign in', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const jar = await w.signIn(sara);
    const sessions = await w.request(jar, 'GET', '/me/sessions');
    expect(sessions.statusCode).toBe(200);
    const noToken = await w.request(jar, 'POST', '/signout', {});
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('This form is out of date');
    const out = await w.request(jar, 'POST', '/signout', { _csrf: csrfToken(sessions.body) });
    expect(out.statusCode).toBe(303);
    expect(jar.cookies.has('hamkar_session')).toBe(false);
    expect((await w.bot.prisma.dashboardSession.findFirstOrThrow()).endedAt).not.toBeNull();
    const after = await w.request(jar, 'GET', '/me/sessions');
    expect(after.statusCode).toBe(401);
  });

  it('GIVEN two browsers WHEN /dashboard sessions lists them and a button is pressed THEN that browser is signed out, the other not', async () => {
    await community();
    const sara = w.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const first = await w.signIn(sara);
    const second = await w.signIn(sara);
    const [list] = await sara.says('/dashboard sessions');
    expect(list!.text).toContain('Firefox on Linux');
    expect(list!.buttons?.flat()).toHaveLength(2);
    const ended = await sara.presses(list, 0);
    expect(texts(ended)).toContain('That session is ended');
    const statuses = [
      (await w.request(first, 'GET', '/me/sessions')).statusCode,
      (await w.request(second, 'GET', '/me/sessions')).statusCode,
    ].sort();
    expect(statuses).toEqual([200, 401]);
    // Someone else pressing Sara's button ends nothing.
    const omid = w.bot.person('omid', { name: 'Omid' });
    await omid.says('/start', GROUP);
    expect(texts(await omid.presses(list, 1, privateChat('omid')))).toContain('had already ended');
    expect(await w.bot.prisma.dashboardSession.count({ where: { endedAt: null } })).toBe(1);
  });
});
