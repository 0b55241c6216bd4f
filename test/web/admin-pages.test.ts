import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateStore } from '../../src/features/templates/template-store.ts';
import { registerAllPages } from '../../src/web/pages/all-pages.ts';
import { PageRegistry, type PageSpec } from '../../src/web/web-pages.ts';
import { GROUP, OTHER_GROUP, texts } from '../support/harness.ts';
import { chairAdminFixture, memberIdOf, type ChairAdminFixture } from './chair-admin-fixture.ts';
import { CookieJar, csrfToken, WebHarness } from './web-harness.ts';

/**
 * The admin's pages: member libraries (a CSV import writes all or nothing and shows each bad line),
 * holidays, templates (an upload is checked with its line shown, previewed, saved, and usable in chat
 * at once), roles (refused as /role refuses), bound chats and join codes, and the audit log.
 */
let w: WebHarness;
let f: ChairAdminFixture;
const jars = new Map<string, CookieJar>();

beforeAll(async () => {
  w = await WebHarness.create();
  f = await chairAdminFixture(w);
  for (const [role, person] of Object.entries(f.people)) jars.set(role, await w.signIn(person));
}, 120_000);
afterAll(() => w.close());

function jar(role: keyof ChairAdminFixture['people']): CookieJar {
  return jars.get(role)!;
}

const admin = (p: string) => `/c/${f.readers}/admin${p}`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** A form with a file, as a browser posts it (multipart/form-data). */
async function postMultipart(
  who: CookieJar,
  url: string,
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; content: string },
) {
  const boundary = '----hamkar-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type}\r\n\r\n${file.content}\r\n`,
    );
  }
  const response = await w.web.inject({
    method: 'POST',
    url,
    headers: { cookie: who.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
  });
  who.take(response);
  return response;
}

/** The CSRF token of a page the person opens (the token is tied to their browser). */
async function tokenOf(who: CookieJar, page = admin('')): Promise<string> {
  return csrfToken((await w.request(who, 'GET', page)).body);
}

describe('who may use the admin’s pages', () => {
  function adminPages(): PageSpec[] {
    const registry = new PageRegistry();
    registerAllPages(registry);
    return registry.pages.filter((spec) => spec.path.startsWith('/admin'));
  }

  it('GIVEN every admin page THEN a member, a curator and a chair get 403 (a POST with their own valid token too), the admin of another community 403, and the admin opens each GET', async () => {
    const specs = adminPages();
    expect(specs.every((s) => s.role === 'admin')).toBe(true);
    expect(specs.map((s) => `${s.method} ${s.path}`)).toEqual(
      expect.arrayContaining([
        'GET /admin',
        'GET /admin/libraries',
        'POST /admin/libraries/add',
        'POST /admin/libraries/rename',
        'POST /admin/libraries/import',
        'GET /admin/holidays',
        'POST /admin/holidays/add',
        'POST /admin/holidays/remove',
        'POST /admin/holidays/country',
        'POST /admin/holidays/quiet',
        'GET /admin/templates',
        'POST /admin/templates/check',
        'POST /admin/templates/save',
        'POST /admin/templates/remove',
        'GET /admin/roles',
        'POST /admin/roles/set',
        'GET /admin/chats',
        'POST /admin/chats/unbind',
        'POST /admin/chats/code',
        'GET /admin/audit',
      ]),
    );
    const auditBefore = await w.bot.prisma.auditLog.count();
    for (const role of ['member', 'curator', 'chair', 'outsider'] as const) {
      const own = role === 'outsider' ? f.archives : f.readers;
      const token = csrfToken((await w.request(jar(role), 'GET', `/c/${own}/`)).body);
      for (const spec of specs) {
        const url = `/c/${f.readers}${spec.path}`;
        const response =
          spec.method === 'GET'
            ? await w.request(jar(role), 'GET', url)
            : await w.request(jar(role), 'POST', url, { _csrf: token, name: 'x', day: '2027-01-01', kind: 'survey' });
        expect(response.statusCode, `${role} ${spec.method} ${url}`).toBe(403);
        expect(response.body).toContain(
          role === 'outsider'
            ? 'a community you are not a member of'
            : 'Your role in this community does not open this page',
        );
      }
    }
    // Nothing was changed by any of those posts.
    expect(await w.bot.prisma.auditLog.count()).toBe(auditBefore);
    for (const spec of specs.filter((s) => s.method === 'GET')) {
      const response = await w.request(jar('admin'), 'GET', `/c/${f.readers}${spec.path}`);
      expect(response.statusCode, spec.path).toBe(200);
      expect(response.body).not.toMatch(/\sstyle=|<script(?![^>]*\ssrc=)/);
    }
  });

  it('GIVEN the home page THEN only the admin’s navigation has Administration, and its index lists every section', async () => {
    const home = await w.request(jar('admin'), 'GET', `/c/${f.readers}/`);
    expect(home.body).toContain(`href="/c/${f.readers}/admin"`);
    const chairHome = await w.request(jar('chair'), 'GET', `/c/${f.readers}/`);
    expect(chairHome.body).not.toContain(`href="/c/${f.readers}/admin"`);
    expect(chairHome.body).toContain(`href="/c/${f.readers}/rounds"`);
    const index = await w.request(jar('admin'), 'GET', admin(''));
    for (const section of ['libraries', 'holidays', 'templates', 'roles', 'chats', 'audit']) {
      expect(index.body).toContain(`href="${admin(`/${section}`)}"`);
    }
  });
});

describe('member libraries', () => {
  const librariesOf = () =>
    w.bot.prisma.library.findMany({
      where: { communityId: f.readers },
      orderBy: { name: 'asc' },
      select: { name: true, city: true, kind: true },
    });

  it('GIVEN a CSV with bad lines THEN nothing is written and each bad line is shown with its number; the fixed file imports', async () => {
    const before = await librariesOf();
    const bad = [
      'name,city,kind',
      'Da Nang Library,Da Nang,public',
      'Can Tho Library,Can Tho,castle',
      'Da Nang Library,,',
    ].join('\n');
    const refused = await postMultipart(
      jar('admin'),
      admin('/libraries/import'),
      { _csrf: await tokenOf(jar('admin'), admin('/libraries')) },
      {
        field: 'file',
        name: 'libraries.csv',
        type: 'text/csv',
        content: bad,
      },
    );
    expect(refused.statusCode).toBe(422);
    const shown = text(refused.body);
    expect(shown).toContain('Nothing was imported: the list has 2 problems.');
    expect(shown).toContain('line 3: “castle” is not a kind');
    expect(shown).toContain('line 4: “Da Nang Library” is already on line 2');
    expect(await librariesOf()).toEqual(before);

    const good = ['name,city,kind', 'Da Nang Library,Da Nang,public', 'Can Tho Library,Can Tho,school'].join('\n');
    const imported = await postMultipart(jar('admin'), admin('/libraries/import'), {
      _csrf: await tokenOf(jar('admin'), admin('/libraries')),
      text: good,
    });
    expect(imported.statusCode).toBe(303);
    const page = await w.request(jar('admin'), 'GET', imported.headers.location as string);
    expect(text(page.body)).toContain('Imported: 2 new libraries, 0 updated.');
    expect(await librariesOf()).toEqual(
      expect.arrayContaining([
        { name: 'Can Tho Library', city: 'Can Tho', kind: 'school' },
        { name: 'Da Nang Library', city: 'Da Nang', kind: 'public' },
      ]),
    );
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'web.library.import' } });
    expect(audit.details).toMatchObject({ via: 'web', added: 2, updated: 0 });
  });

  it('GIVEN the add and rename forms THEN a library is added and renamed as /library does, and a taken name is refused on the page', async () => {
    const token = await tokenOf(jar('admin'), admin('/libraries'));
    const added = await w.request(jar('admin'), 'POST', admin('/libraries/add'), {
      _csrf: token,
      name: 'Tabriz Central Library',
      city: 'Tabriz',
      kind: 'public',
    });
    expect(added.statusCode).toBe(303);
    const row = await w.bot.prisma.library.findFirstOrThrow({ where: { name: 'Tabriz Central Library' } });
    expect(row).toMatchObject({ communityId: f.readers, city: 'Tabriz', kind: 'public' });
    const taken = await w.request(jar('admin'), 'POST', admin('/libraries/rename'), {
      _csrf: token,
      library: String(row.id),
      name: 'vinh library',
    });
    expect(taken.statusCode).toBe(422);
    expect(text(taken.body)).toContain('Vinh Library');
    expect((await w.bot.prisma.library.findUniqueOrThrow({ where: { id: row.id } })).name).toBe(
      'Tabriz Central Library',
    );
    const renamed = await w.request(jar('admin'), 'POST', admin('/libraries/rename'), {
      _csrf: token,
      library: String(row.id),
      name: 'Tabriz Library',
    });
    expect(renamed.statusCode).toBe(303);
    expect((await w.bot.prisma.library.findUniqueOrThrow({ where: { id: row.id } })).name).toBe('Tabriz Library');
    // Another community's library is as missing.
    const theirs = await w.bot.prisma.library.create({ data: { communityId: f.archives, name: 'Their Library' } });
    const foreign = await w.request(jar('admin'), 'POST', admin('/libraries/rename'), {
      _csrf: token,
      library: String(theirs.id),
      name: 'Mine now',
    });
    expect(foreign.statusCode).toBe(404);
    expect((await w.bot.prisma.library.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe('Their Library');
  });
});

describe('templates', () => {
  const SURVEY = `title:
  en: Reading habits
  fa: عادت‌های خواندن
  vi: Thói quen đọc
  ru: Привычки чтения
intro:
  en: A short survey.
  fa: یک پرسش‌نامهٔ کوتاه.
  vi: Một khảo sát ngắn.
  ru: Короткая анкета.
questions:
  - key: often
    type: single
    text: { en: How often do you read?, fa: چقدر می‌خوانید؟, vi: Bạn đọc thường xuyên không?, ru: Как часто вы читаете? }
    options:
      - { en: Daily, fa: هر روز, vi: Hằng ngày, ru: Каждый день }
      - { en: Weekly, fa: هر هفته, vi: Hằng tuần, ru: Каждую неделю }
  - key: why
    type: text
    text: { en: Why?, fa: چرا؟, vi: Tại sao?, ru: Почему? }
`;

  it('GIVEN an upload with a wrong question type THEN the page names its line and shows that line; nothing is saved', async () => {
    const broken = SURVEY.replace('type: text', 'type: essay');
    const line = broken.split('\n').findIndex((l) => l.includes('type: essay')) + 1;
    const response = await postMultipart(
      jar('admin'),
      admin('/templates/check'),
      { _csrf: await tokenOf(jar('admin'), admin('/templates')), kind: 'survey', name: '' },
      {
        field: 'file',
        name: 'reading-habits.yaml',
        type: 'application/yaml',
        content: broken,
      },
    );
    expect(response.statusCode).toBe(422);
    const shown = text(response.body);
    expect(line).toBeGreaterThan(1);
    expect(shown).toContain(
      `This template cannot be used. Line ${line}: questions.1.type: Invalid discriminator value.`,
    );
    expect(response.body).toContain(
      `<pre class="source-line" dir="ltr"><span class="line-number">${line}</span>     type: essay</pre>`,
    );
    expect(w.bot.app.services.templates.shelf('survey').templates.has('reading-habits')).toBe(false);
  });

  it('GIVEN a YAML syntax error THEN its line is shown', async () => {
    const broken = SURVEY.replace('  - key: why', '  - key: why\n  oops: [unclosed');
    const response = await postMultipart(jar('admin'), admin('/templates/check'), {
      _csrf: await tokenOf(jar('admin'), admin('/templates')),
      kind: 'survey',
      name: 'broken-one',
      text: broken,
    });
    expect(response.statusCode).toBe(422);
    expect(text(response.body)).toMatch(/Line \d+:/);
  });

  it('GIVEN a valid upload THEN its questions are previewed, saving makes /survey NAME work at once, and removing it takes it away', async () => {
    const check = await postMultipart(
      jar('admin'),
      admin('/templates/check'),
      { _csrf: await tokenOf(jar('admin'), admin('/templates')), kind: 'survey', name: '' },
      {
        field: 'file',
        name: 'Reading-Habits.yaml',
        type: 'application/yaml',
        content: SURVEY,
      },
    );
    expect(check.statusCode).toBe(200);
    const preview = text(check.body);
    expect(preview).toContain('This survey template is valid and has 2 questions.');
    expect(preview).toContain('How often do you read?');
    expect(preview).toContain('Daily');
    expect(preview).toContain('Weekly');
    expect(w.bot.app.services.templates.shelf('survey').templates.has('reading-habits')).toBe(false);

    const source = /<textarea id="template-source" name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(check.body)![1]!;
    const unescaped = source
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    const saved = await w.request(jar('admin'), 'POST', admin('/templates/save'), {
      _csrf: csrfToken(check.body),
      kind: 'survey',
      name: 'reading-habits',
      text: unescaped,
    });
    expect(saved.statusCode).toBe(303);
    expect(text((await w.request(jar('admin'), 'GET', saved.headers.location as string)).body)).toContain(
      'The template reading-habits is saved and can be used now.',
    );
    const replies = await f.people.chair.says('/survey reading-habits', GROUP);
    expect(texts(replies)).toContain('Reading habits');
    expect(await w.bot.prisma.survey.count({ where: { templateName: 'reading-habits' } })).toBe(1);
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'web.template.save' } });
    expect(audit.details).toMatchObject({ via: 'web', kind: 'survey', name: 'reading-habits' });

    const list = await w.request(jar('admin'), 'GET', admin('/templates'));
    const removed = await w.request(jar('admin'), 'POST', admin('/templates/remove'), {
      _csrf: csrfToken(list.body),
      kind: 'survey',
      name: 'reading-habits',
    });
    expect(removed.statusCode).toBe(303);
    expect(w.bot.app.services.templates.shelf('survey').templates.has('reading-habits')).toBe(false);
    // A shipped template is not removable.
    const shipped = await w.request(jar('admin'), 'POST', admin('/templates/remove'), {
      _csrf: csrfToken(list.body),
      kind: 'survey',
      name: 'library-needs',
    });
    expect(shipped.statusCode).toBe(404);
    expect(w.bot.app.services.templates.shelf('survey').templates.has('library-needs')).toBe(true);
  });

  it('GIVEN a store with a folder THEN a saved template is a file there that a new store (a restart) reads, and a broken text is never written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamkar-templates-'));
    try {
      const store = new TemplateStore(dir);
      const templates = store.shelf('survey').templates;
      expect((await store.save('survey', 'reading-habits', SURVEY.replace('type: text', 'type: essay'))).ok).toBe(
        false,
      );
      expect((await store.save('survey', 'reading-habits', SURVEY)).ok).toBe(true);
      expect(await readFile(path.join(dir, 'surveys', 'reading-habits.yaml'), 'utf8')).toBe(SURVEY);
      // The service's map is the same object, refilled.
      expect(templates.get('reading-habits')?.title.en).toBe('Reading habits');
      const restarted = new TemplateStore(dir);
      expect(restarted.shelf('survey').origins.get('reading-habits')).toBe('uploaded');
      expect(restarted.shelf('survey').origins.get('library-needs')).toBe('shipped');
      expect(await restarted.remove('survey', 'reading-habits')).toBe(true);
      expect(new TemplateStore(dir).shelf('survey').templates.has('reading-habits')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('holidays', () => {
  it('GIVEN a date typed as in chat THEN the day is added and listed in the admin’s calendar, then removed; bad quiet hours are refused on the page', async () => {
    const token = await tokenOf(jar('admin'), admin('/holidays'));
    const added = await w.request(jar('admin'), 'POST', admin('/holidays/add'), {
      _csrf: token,
      date: '2027-03-25',
      name: 'Book day',
    });
    expect(added.statusCode).toBe(303);
    const page = await w.request(jar('admin'), 'GET', added.headers.location as string);
    const shown = text(page.body);
    expect(shown).toContain('is now a day off');
    expect(shown).toContain('Book day');
    expect(shown).toContain('25 March 2027');
    const row = await w.bot.prisma.communityHoliday.findFirstOrThrow({ where: { communityId: f.readers } });
    expect(row.day.toISOString().slice(0, 10)).toBe('2027-03-25');
    const removed = await w.request(jar('admin'), 'POST', admin('/holidays/remove'), {
      _csrf: token,
      day: '2027-03-25',
    });
    expect(removed.statusCode).toBe(303);
    expect(await w.bot.prisma.communityHoliday.count({ where: { communityId: f.readers } })).toBe(0);

    const wrongDate = await w.request(jar('admin'), 'POST', admin('/holidays/add'), {
      _csrf: token,
      date: 'next blursday',
      name: '',
    });
    expect(wrongDate.statusCode).toBe(422);
    expect(wrongDate.body).toContain('class="problem"');
    const wrongQuiet = await w.request(jar('admin'), 'POST', admin('/holidays/quiet'), {
      _csrf: token,
      quiet: '25:00-99',
    });
    expect(wrongQuiet.statusCode).toBe(422);
    expect(text(wrongQuiet.body)).toContain('“25:00-99” is not a time range.');
    const quiet = await w.request(jar('admin'), 'POST', admin('/holidays/quiet'), {
      _csrf: token,
      quiet: '22:00-07:30',
    });
    expect(quiet.statusCode).toBe(303);
    expect(await w.bot.prisma.community.findUniqueOrThrow({ where: { id: f.readers } })).toMatchObject({
      quietStartMinute: 22 * 60,
      quietEndMinute: 7 * 60 + 30,
    });
    const country = await w.request(jar('admin'), 'POST', admin('/holidays/country'), { _csrf: token, country: 'VN' });
    expect(country.statusCode).toBe(303);
    expect((await w.bot.prisma.community.findUniqueOrThrow({ where: { id: f.readers } })).holidayCountry).toBe('VN');
    const actions = (await w.bot.prisma.auditLog.findMany({ where: { action: { startsWith: 'web.holiday.' } } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['web.holiday.add', 'web.holiday.remove', 'web.holiday.quiet', 'web.holiday.country']);
  });
});

describe('roles', () => {
  it('GIVEN the roles page THEN the admin makes Sara a curator (as /role does), is refused changing their own role, and cannot reach a member of another community', async () => {
    const page = await w.request(jar('admin'), 'GET', admin('/roles'));
    const shown = text(page.body);
    expect(shown).toMatch(/Omid chair/);
    expect(shown).toMatch(/Leila curator/);
    const sara = await memberIdOf(w, f.people.member);
    const token = csrfToken(page.body);
    const set = await w.request(jar('admin'), 'POST', admin('/roles/set'), {
      _csrf: token,
      member: String(sara),
      role: 'curator',
    });
    expect(set.statusCode).toBe(303);
    expect(
      (await w.bot.prisma.membership.findFirstOrThrow({ where: { memberId: sara, communityId: f.readers } })).role,
    ).toBe('curator');
    // The next request of Sara's browser has the new role.
    expect(text((await w.request(jar('member'), 'GET', `/c/${f.readers}/`)).body)).toContain(
      'Your role in Readers: curator.',
    );

    const self = await memberIdOf(w, f.people.admin);
    const refused = await w.request(jar('admin'), 'POST', admin('/roles/set'), {
      _csrf: token,
      member: String(self),
      role: 'member',
    });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain('You cannot change your own role.');
    expect(
      (await w.bot.prisma.membership.findFirstOrThrow({ where: { memberId: self, communityId: f.readers } })).role,
    ).toBe('admin');

    const ivan = await memberIdOf(w, f.people.outsider);
    const foreign = await w.request(jar('admin'), 'POST', admin('/roles/set'), {
      _csrf: token,
      member: String(ivan),
      role: 'member',
    });
    expect(foreign.statusCode).toBe(404);
    expect(await w.bot.prisma.membership.count({ where: { memberId: ivan, communityId: f.readers } })).toBe(0);
    await w.request(jar('admin'), 'POST', admin('/roles/set'), { _csrf: token, member: String(sara), role: 'member' });
  });
});

describe('chats and join codes', () => {
  it('GIVEN the chats page THEN a new join code is shown (not in a URL) and binds a chat in /setup join; unbinding from the web unbinds, another community’s chat is not found', async () => {
    const page = await w.request(jar('admin'), 'GET', admin('/chats'));
    expect(text(page.body)).toContain('Librarians');
    const token = csrfToken(page.body);
    const made = await w.request(jar('admin'), 'POST', admin('/chats/code'), { _csrf: token });
    expect(made.statusCode).toBe(200);
    const community = await w.bot.prisma.community.findUniqueOrThrow({ where: { id: f.readers } });
    expect(community.joinCode).toBeTruthy();
    expect(made.body).toContain(`<code dir="ltr">${community.joinCode}</code>`);
    expect(made.headers['cache-control']).toBe('no-store');

    const third = { platform: 'test', chatId: 'group-3', kind: 'group' as const, title: 'Cataloguers' };
    const chatAdmin = w.bot.person('kaveh', { name: 'Kaveh', admin: true });
    await chatAdmin.says(`/setup join ${community.joinCode}`, third);
    const bound = await w.bot.prisma.chat.findFirstOrThrow({ where: { externalId: 'group-3' } });
    expect(bound.communityId).toBe(f.readers);
    expect(text((await w.request(jar('admin'), 'GET', admin('/chats'))).body)).toContain('Cataloguers');

    const other = await w.bot.prisma.chat.findFirstOrThrow({ where: { externalId: OTHER_GROUP.chatId } });
    const foreign = await w.request(jar('admin'), 'POST', admin('/chats/unbind'), {
      _csrf: token,
      chat: String(other.id),
    });
    expect(foreign.statusCode).toBe(404);
    expect((await w.bot.prisma.chat.findUniqueOrThrow({ where: { id: other.id } })).communityId).toBe(f.archives);

    const unbound = await w.request(jar('admin'), 'POST', admin('/chats/unbind'), {
      _csrf: token,
      chat: String(bound.id),
    });
    expect(unbound.statusCode).toBe(303);
    expect((await w.bot.prisma.chat.findUniqueOrThrow({ where: { id: bound.id } })).communityId).toBeNull();
    const actions = await w.bot.prisma.auditLog.findMany({
      where: { action: { in: ['web.join-code.issue', 'web.chat.unbind', 'chat.unbind'] } },
    });
    expect(actions.map((a) => a.action).sort()).toEqual(['chat.unbind', 'web.chat.unbind', 'web.join-code.issue']);
  });
});

describe('the audit log', () => {
  it('GIVEN changes made in chat and from the web THEN the log shows who, what and from where, newest first, and filters by action', async () => {
    const all = await w.request(jar('admin'), 'GET', admin('/audit'));
    const shown = text(all.body);
    expect(shown).toMatch(/Nasrin web\.chat\.unbind the web/);
    expect(shown).toMatch(/Nasrin role\.grant a chat/);
    expect(all.body).toContain('<option value="web.role.set">web.role.set</option>');
    const filtered = await w.request(jar('admin'), 'GET', admin('/audit?action=web.role.set'));
    const rows = [...filtered.body.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['web.role.set']));
    // Another community's log is not this one's: Ivan's /setup is in Archives only.
    const theirs = await w.bot.prisma.auditLog.findFirstOrThrow({
      where: { communityId: f.archives },
      orderBy: { id: 'asc' },
    });
    expect(all.body).not.toContain(`<code>${theirs.action}</code></td>\n      <td>the web`);
    expect(text(all.body)).not.toContain('Ivan');
  });
});
