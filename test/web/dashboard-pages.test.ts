import { afterEach, describe, expect, it } from 'vitest';
import { GROUP, OTHER_GROUP } from '../support/harness.ts';
import { WebHarness } from './web-harness.ts';

let w: WebHarness | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('communities and roles, read on every request', () => {
  it('GIVEN a member of two communities THEN the header switches between them, and each page shows the role held there', async () => {
    // `/rounds` is a chair's page (the report rounds).
    w = await WebHarness.create();
    const h = w;
    await h.bot.person('founder-1', { admin: true }).says('/setup new Readers', GROUP);
    const founder2 = h.bot.person('founder-2', { admin: true });
    await founder2.says('/setup new Archivists', OTHER_GROUP);
    const sara = h.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    await sara.says('/start', OTHER_GROUP);
    await founder2.says('/role chair Sara', OTHER_GROUP);
    const readers = await h.bot.prisma.community.findFirstOrThrow({ where: { name: 'Readers' } });
    const archivists = await h.bot.prisma.community.findFirstOrThrow({ where: { name: 'Archivists' } });

    const jar = await h.signIn(sara);
    const first = await h.request(jar, 'GET', (await h.request(jar, 'GET', '/')).headers.location as string);
    expect(first.body).toContain('<select id="community-switch" name="community">');
    expect(first.body).toContain(`<option value="${readers.id}" selected>Readers</option>`);
    expect(first.body).toContain(`<option value="${archivists.id}">Archivists</option>`);
    expect(first.body).toContain('Your role in Readers: member.');
    expect(first.body).not.toContain('/rounds');
    expect((await h.request(jar, 'GET', `/c/${readers.id}/rounds`)).statusCode).toBe(403);

    const switched = await h.request(jar, 'GET', `/switch?community=${archivists.id}`);
    expect(switched.headers.location).toBe(`/c/${archivists.id}/`);
    const second = await h.request(jar, 'GET', switched.headers.location as string);
    expect(second.body).toContain('Your role in Archivists: chair.');
    expect(second.body).toContain(`href="/c/${archivists.id}/rounds"`);
    expect((await h.request(jar, 'GET', `/c/${archivists.id}/rounds`)).body).toContain('<h1>Report rounds</h1>');
    // The session remembers the community last opened.
    expect((await h.request(jar, 'GET', '/')).headers.location).toBe(`/c/${archivists.id}/`);

    // A role taken away in chat is gone from the next request.
    await founder2.says('/role member Sara', OTHER_GROUP);
    const refused = await h.request(jar, 'GET', `/c/${archivists.id}/rounds`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your role in this community does not open this page');
  });

  it('GIVEN a signed-in member WHEN they use /forgetme THEN their sessions go with them and the browser is signed out', async () => {
    w = await WebHarness.create();
    const h = w;
    await h.bot.person('founder', { admin: true }).says('/setup new Readers', GROUP);
    const sara = h.bot.person('sara', { name: 'Sara' });
    await sara.says('/start', GROUP);
    const jar = await h.signIn(sara);
    expect((await h.request(jar, 'GET', '/me/data')).statusCode).toBe(200);
    const [confirm] = await sara.says('/forgetme');
    await sara.presses(confirm, 0);
    expect(await h.bot.prisma.dashboardSession.count()).toBe(0);
    expect((await h.request(jar, 'GET', '/me/data')).statusCode).toBe(401);
  });
});
