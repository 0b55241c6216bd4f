import { afterEach, describe, expect, it } from 'vitest';
import { GROUP, texts } from '../support/harness.ts';
import { startFirstOccurrenceAgo } from '../features/minutes/minutes-support.ts';
import { minutesHtml } from '../../src/web/pages/member-minutes-html.ts';
import { CookieJar, csrfToken, WebHarness } from './web-harness.ts';
import {
  approved,
  memberIdOf,
  platformFiles,
  postForm,
  privateMessages,
  submitted,
  textOf,
  twoCommunities,
} from './member-curator-support.ts';

let w: WebHarness | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function start() {
  w = await WebHarness.create();
  return { w, ...(await twoCommunities(w)) };
}

/** Every member page of a community (ids given a value), GET and POST. */
const MEMBER_ROUTES = [
  ['GET', '/archive'],
  ['GET', '/archive/1'],
  ['GET', '/archive/1/files/1'],
  ['GET', '/newsletters'],
  ['GET', '/newsletters/1'],
  ['GET', '/meetings'],
  ['GET', '/meetings/1/ics'],
  ['GET', '/minutes/1'],
  ['GET', '/decisions'],
  ['GET', '/actions'],
  ['POST', '/actions/1/accept'],
  ['POST', '/actions/1/done'],
] as const;

describe('who may open the member pages', () => {
  it('GIVEN a member of another community THEN every member page of this one is refused (403) and names nothing of it', async () => {
    const { w, omid, sara, communityId, otherCommunityId } = await start();
    const id = await approved(w, sara, { title: 'Our reading club' });
    const jar = await w.signIn(omid);
    const token = csrfToken((await w.request(jar, 'GET', `/c/${otherCommunityId}/archive`)).body);
    for (const [method, path] of MEMBER_ROUTES) {
      const url = `/c/${communityId}${path.replace('/1', `/${id}`)}`;
      const response = await w.request(jar, method, url, method === 'POST' ? { _csrf: token } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.body).not.toContain('Our reading club');
    }
    // Their own community's archive opens, and does not list the other's experience.
    const own = await w.request(jar, 'GET', `/c/${otherCommunityId}/archive`);
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain('Our reading club');
  });

  it('GIVEN an experience of another community THEN its id under this community is 404, even to a member of both', async () => {
    const { w, omid, sara, communityId, otherCommunityId } = await start();
    const theirs = await approved(w, omid, { title: 'Second community story', communityId: otherCommunityId });
    await omid.says('/start', GROUP);
    const jar = await w.signIn(omid);
    expect((await w.request(jar, 'GET', `/c/${communityId}/archive/${theirs}`)).statusCode).toBe(404);
    expect((await w.request(jar, 'GET', `/c/${communityId}/archive/${theirs}/files/1`)).statusCode).toBe(404);
    // A pending one of this community is not in the archive either.
    const pending = await submitted(w, sara, { title: 'Not yet reviewed' });
    expect((await w.request(jar, 'GET', `/c/${communityId}/archive/${pending}`)).statusCode).toBe(404);
  });
});

describe('the archive', () => {
  it('GIVEN Persian experiences WHEN searched with Arabic letters and a space for the ZWNJ THEN the same matching as /search finds them', async () => {
    const { w, sara, reza, communityId } = await start();
    await approved(w, sara, {
      title: 'کتابخانه‌های دیجیتال دانشگاه',
      body: 'ما فهرست منابع را در یک سامانه‌ی تازه گرد آوردیم.',
    });
    await approved(w, reza, { title: 'باشگاه کتابخوانی کودکان', body: 'هر هفته یک کتاب خواندیم.' });
    const jar = await w.signIn(reza);
    // ك and ي are the Arabic kaf and yeh; «های» typed apart from its word.
    const query = new URLSearchParams({ q: 'كتابخانه هاي ديجيتال' }).toString();
    const page = await w.request(jar, 'GET', `/c/${communityId}/archive?${query}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('کتابخانه‌های دیجیتال دانشگاه');
    expect(page.body).not.toContain('باشگاه کتابخوانی کودکان');
    expect(textOf(page.body)).toContain('Experiences 1–1 of 1');
    // /search in chat finds the same one with the same words.
    expect(texts(await reza.says('/search كتابخانه هاي ديجيتال'))).toContain('کتابخانه‌های دیجیتال دانشگاه');
    // No words: everything, the latest approved first.
    const all = textOf((await w.request(jar, 'GET', `/c/${communityId}/archive`)).body);
    expect(all.indexOf('باشگاه کتابخوانی کودکان')).toBeLessThan(all.indexOf('کتابخانه‌های دیجیتال دانشگاه'));
  });

  it('GIVEN filters THEN topic, named author and approval dates typed in Jalali narrow the list; an anonymous experience is never found by its author', async () => {
    const { w, sara, reza, communityId } = await start();
    await w.bot.app.services.experiences.topics.add(communityId, 'آموزش, Digital library');
    const day = (iso: string) => new Date(`${iso}T08:00:00Z`);
    // 1403/01/10 = 2024-03-29; 1403/02/10 = 2024-04-29.
    await approved(w, sara, { title: 'Training day', tags: ['آموزش'], approvedAt: day('2024-03-29') });
    await approved(w, sara, { title: 'Scanning theses', tags: ['Digital library'], approvedAt: day('2024-04-29') });
    await approved(w, sara, { title: 'Sara unnamed', consent: 'anonymous', approvedAt: day('2024-04-30') });
    await approved(w, reza, { title: 'Reza on training', tags: ['آموزش'], approvedAt: day('2024-05-20') });
    await reza.says('/calendar persian');
    const jar = await w.signIn(reza);
    const list = async (query: Record<string, string>) => {
      const page = await w.request(jar, 'GET', `/c/${communityId}/archive?${new URLSearchParams(query).toString()}`);
      expect(page.statusCode, page.body).toBe(200);
      return ['Training day', 'Scanning theses', 'Sara unnamed', 'Reza on training'].filter((title) =>
        page.body.includes(title),
      );
    };

    expect(await list({ topic: 'آموزش' })).toEqual(['Training day', 'Reza on training']);
    const saraId = await memberIdOf(w, sara);
    expect(await list({ author: String(saraId) })).toEqual(['Training day', 'Scanning theses']);
    // Dates in the member's (Jalali) calendar, in Persian digits: the whole day of the end date counts.
    expect(await list({ from: '۱۴۰۳/۰۱/۲۰', to: '۱۴۰۳/۰۲/۱۰' })).toEqual(['Scanning theses']);
    expect(await list({ from: '1403/02/10' })).toEqual(['Scanning theses', 'Sara unnamed', 'Reza on training']);
    expect(await list({ topic: 'آموزش', author: String(saraId) })).toEqual(['Training day']);

    // The author list names only those named on something approved; anonymous work stays anonymous.
    const page = await w.request(jar, 'GET', `/c/${communityId}/archive`);
    expect(page.body).toContain(`<option value="${saraId}">Sara</option>`);
    expect(textOf(page.body)).toContain('anonymous');
    expect(page.body).toContain('Approved from');

    // A date that cannot be read says what was understood, and lists nothing.
    const bad = await w.request(jar, 'GET', `/c/${communityId}/archive?from=${encodeURIComponent('1403/13/40')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).not.toContain('Training day');
    const reversed = await w.request(jar, 'GET', `/c/${communityId}/archive?from=1403/03/01&to=1403/01/01`);
    expect(textOf(reversed.body)).toContain('The period ends before it starts');
  });

  it('GIVEN 25 experiences THEN the archive shows 20 a page, with a link to the next that keeps the query', async () => {
    const { w, sara, communityId } = await start();
    for (let i = 1; i <= 25; i++) await approved(w, sara, { title: `Workshop number ${i}` });
    const jar = await w.signIn(sara);
    const first = await w.request(jar, 'GET', `/c/${communityId}/archive?q=workshop`);
    expect(textOf(first.body)).toContain('Experiences 1–20 of 25');
    expect(first.body).toContain(`href="/c/${communityId}/archive?q=workshop&amp;page=2"`);
    const second = await w.request(jar, 'GET', `/c/${communityId}/archive?q=workshop&page=2`);
    expect(textOf(second.body)).toContain('Experiences 21–25 of 25');
    expect(second.body).toContain('Workshop number 1<');
  });

  it('GIVEN an approved experience with files THEN its page links them, a download brings the bytes from the platform, and a file gone or too big says so', async () => {
    const { w, sara, reza, communityId } = await start();
    const pdf = Buffer.from('%PDF-1.4 minutes of the training');
    platformFiles(w, { 'file-pdf': pdf, 'file-huge': Buffer.alloc(21 * 1024 * 1024) });
    const id = await approved(w, sara, {
      title: 'Training with files',
      body: 'First paragraph.\n\nSecond paragraph, <b>not bold</b>.',
      attachments: [
        { platform: 'test', fileId: 'file-pdf', fileName: 'plan.pdf', mimeType: 'application/pdf', caption: null },
        { platform: 'test', fileId: 'file-gone', fileName: 'old.docx', mimeType: 'text/plain', caption: null },
        { platform: 'test', fileId: 'file-huge', fileName: 'scan.jpg', mimeType: 'image/jpeg', caption: null },
        { platform: 'discord', fileId: '123', fileName: 'elsewhere.png', mimeType: 'image/png', caption: null },
      ],
    });
    const jar = await w.signIn(reza);
    const page = await w.request(jar, 'GET', `/c/${communityId}/archive/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p dir="auto">Second paragraph, &lt;b&gt;not bold&lt;/b&gt;.</p>');
    expect(page.body).toContain(`href="/c/${communityId}/archive/${id}/files/1"`);
    expect(textOf(page.body)).toContain('File 1: plan.pdf');

    const download = await w.request(jar, 'GET', `/c/${communityId}/archive/${id}/files/1`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('filename="plan.pdf"');
    expect(download.rawPayload.equals(pdf)).toBe(true);

    const gone = await w.request(jar, 'GET', `/c/${communityId}/archive/${id}/files/2`);
    expect(gone.statusCode).toBe(410);
    expect(textOf(gone.body)).toContain('“old.docx” is no longer available');
    const huge = await w.request(jar, 'GET', `/c/${communityId}/archive/${id}/files/3`);
    expect(huge.statusCode).toBe(413);
    expect(textOf(huge.body)).toContain('“scan.jpg” is too big');
    const elsewhere = await w.request(jar, 'GET', `/c/${communityId}/archive/${id}/files/4`);
    expect(elsewhere.statusCode).toBe(503);
    expect(textOf(elsewhere.body)).toContain('this server is not connected to');
    expect((await w.request(jar, 'GET', `/c/${communityId}/archive/${id}/files/5`)).statusCode).toBe(404);
  });

  it('GIVEN a finished interview kept for members only THEN the archive shows it, marked as an interview and members-only', async () => {
    const { w, sara, reza, communityId } = await start();
    const id = await approved(w, sara, {
      title: 'Interview: Parvin Ahmadi',
      body: 'Q: How did you start?\n\nA: In 1360.',
    });
    await w.bot.prisma.experience.update({ where: { id }, data: { kind: 'interview', membersOnly: true } });
    const jar = await w.signIn(reza);
    const list = textOf((await w.request(jar, 'GET', `/c/${communityId}/archive`)).body);
    expect(list).toContain('Interview Members only Sara');
    expect(list).toContain('Interview: Parvin Ahmadi');
    expect(textOf((await w.request(jar, 'GET', `/c/${communityId}/archive/${id}`)).body)).toContain('A: In 1360.');
  });
});

describe('newsletters', () => {
  it('GIVEN an issue published in chat THEN the member lists the issues and reads it, grouped by topic', async () => {
    const { w, sara, reza, curator, communityId } = await start();
    await approved(w, sara, { title: 'Training day', tags: ['Training'] });
    await approved(w, reza, { title: 'Anonymous tip', consent: 'anonymous' });
    const [preview] = await curator.says('/newsletter');
    await curator.presses(preview, 'Publish');
    const jar = await w.signIn(reza);
    const list = await w.request(jar, 'GET', `/c/${communityId}/newsletters`);
    expect(textOf(list.body)).toContain('Issue 1');
    expect(list.body).toContain(`href="/c/${communityId}/newsletters/1"`);
    const issue = textOf((await w.request(jar, 'GET', `/c/${communityId}/newsletters/1`)).body);
    expect(issue).toContain('University Libraries Network: the experience letter, issue 1');
    expect(issue).toMatch(/Training Training day .*Sara/);
    expect(issue).toContain('Anonymous tip');
    expect(issue).toMatch(/Anonymous tip #\d+ anonymous/);
    expect((await w.request(jar, 'GET', `/c/${communityId}/newsletters/2`)).statusCode).toBe(404);
    // The files as they were posted to the group.
    const posted = w.bot.adapter.sent.filter((m) => m.chatId === GROUP.chatId && m.file);
    const html = await w.request(jar, 'GET', `/c/${communityId}/newsletters/1/html`);
    expect(html.headers['content-disposition']).toContain('filename="newsletter-1.html"');
    const markdown = await w.request(jar, 'GET', `/c/${communityId}/newsletters/1/markdown`);
    const postedMarkdown = Buffer.from(
      posted.find((m) => m.file!.fileName === 'newsletter-1.md')!.file!.contentBase64,
      'base64',
    );
    // The posted file is dated when it was posted; everything else is the same.
    expect(markdown.body.replace(/\n.*·.*\n/, '')).toBe(postedMarkdown.toString('utf8').replace(/\n.*·.*\n/, ''));
    expect(html.body).toContain('Training day');
  });
});

describe('meetings, minutes and decisions', () => {
  it('GIVEN closed minutes with a decision that holds markup THEN the minutes page shows it as text, the decisions register lists it, and the next meeting has its calendar file', async () => {
    const { w, reza, communityId } = await start();
    const admin = w.bot.person('admin', { name: 'Nasrin', admin: true });
    const replies = await admin.says('/meeting tomorrow 10:00 | Budget review | Room 2 --weekly', GROUP);
    const meetingId = Number(/#(\d+)/.exec(texts(replies))![1]);
    await startFirstOccurrenceAgo(w.bot, meetingId, 10 * 60_000);
    await admin.says('/decision Buy two *scanners* <script>alert(1)</script>', GROUP);
    expect(texts(await admin.says(`/minutes ${meetingId} close`, GROUP))).toContain('closed');
    const minutes = await w.bot.prisma.minutes.findFirstOrThrow();

    const jar = await w.signIn(reza);
    const meetings = await w.request(jar, 'GET', `/c/${communityId}/meetings`);
    expect(textOf(meetings.body)).toContain('Budget review');
    expect(meetings.body).toContain(`href="/c/${communityId}/minutes/${minutes.id}"`);
    expect(meetings.body).toContain(`href="/c/${communityId}/meetings/${meetingId}/ics"`);
    const ics = await w.request(jar, 'GET', `/c/${communityId}/meetings/${meetingId}/ics`);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toContain('SUMMARY:Budget review');

    const page = await w.request(jar, 'GET', `/c/${communityId}/minutes/${minutes.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert');
    // The Markdown's own emphasis is rendered, the member's `*` were escaped in it and stay text.
    expect(page.body).toContain('Buy two *scanners*');
    expect(page.body).toMatch(/<li><strong>[A-Z]+-\d{4}-01<\/strong>/);

    const decisions = textOf((await w.request(jar, 'GET', `/c/${communityId}/decisions?q=scanners`)).body);
    expect(decisions).toContain('1 decision');
    expect(decisions).toContain('Buy two *scanners* <script>alert(1)</script>');
    expect(decisions).toContain(`Meeting #${meetingId}: Budget review`);
    expect(textOf((await w.request(jar, 'GET', `/c/${communityId}/decisions?q=budgetless`)).body)).toContain(
      'No decision found.',
    );
  });
});

describe('my action items', () => {
  it('GIVEN an action for Sara and Reza WHEN Sara accepts it and presses Done on the page THEN the service records it and the chair is told in chat', async () => {
    const { w, sara, reza, communityId } = await start();
    const admin = w.bot.person('admin', { name: 'Nasrin', admin: true });
    await admin.says('/start');
    const { id } = await w.bot.app.services.actions.create({
      communityId,
      meetingId: null,
      entryId: null,
      text: 'Send the budget to the dean',
      dueAt: null,
      ownerIds: [await memberIdOf(w, sara), await memberIdOf(w, reza)],
      createdById: await memberIdOf(w, admin),
    });
    const jar = await w.signIn(sara);
    const page = await w.request(jar, 'GET', `/c/${communityId}/actions`);
    expect(textOf(page.body)).toContain('Send the budget to the dean');
    expect(page.body).toContain(`action="/c/${communityId}/actions/${id}/accept"`);

    const accepted = await postForm(w, jar, `/c/${communityId}/actions`, `/c/${communityId}/actions/${id}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    const afterAccept = await w.request(jar, 'GET', accepted.headers.location as string);
    expect(textOf(afterAccept.body)).toContain(`You accepted action item #${id}.`);
    expect(afterAccept.body).not.toContain(`/actions/${id}/accept"`);

    const before = w.bot.adapter.sent.length;
    const done = await postForm(w, jar, `/c/${communityId}/actions`, `/c/${communityId}/actions/${id}/done`, {});
    expect(done.statusCode).toBe(303);
    const owner = await w.bot.prisma.actionOwner.findFirstOrThrow({
      where: { actionId: id, memberId: await memberIdOf(w, sara) },
    });
    expect(owner.state).toBe('done');
    const toChair = texts(await privateMessages(w, admin, before));
    expect(toChair).toContain(`Sara marked action item #${id} done`);
    expect(toChair).toContain('Still to do for: Reza');
    const result = textOf((await w.request(jar, 'GET', done.headers.location as string)).body);
    expect(result).toContain(`Action item #${id} is marked done. The chair has been told in chat.`);
    expect(result).toContain('You have no open action items here.');
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'action.done' } });
    expect(audit.details).toMatchObject({ via: 'web', actionId: id });

    // Pressing Done again (a stale page) changes nothing and tells the chair nothing more.
    const beforeAgain = w.bot.adapter.sent.length;
    const again = await postForm(w, jar, `/c/${communityId}/actions`, `/c/${communityId}/actions/${id}/done`, {});
    expect(textOf((await w.request(jar, 'GET', again.headers.location as string)).body)).toContain(
      'already had that answer',
    );
    expect(await privateMessages(w, admin, beforeAgain)).toEqual([]);

    // Someone who does not own it cannot answer it: 404, as for a missing one.
    const curatorJar = await w.signIn(w.bot.person('curator', { name: 'Curator' }));
    const forged = await postForm(
      w,
      curatorJar,
      `/c/${communityId}/actions`,
      `/c/${communityId}/actions/${id}/done`,
      {},
    );
    expect(forged.statusCode).toBe(404);
  });

  it('GIVEN a form without its CSRF field THEN Done is refused (403) and nothing changes', async () => {
    const { w, sara, communityId } = await start();
    const { id } = await w.bot.app.services.actions.create({
      communityId,
      meetingId: null,
      entryId: null,
      text: 'Label the shelves',
      dueAt: null,
      ownerIds: [await memberIdOf(w, sara)],
      createdById: null,
    });
    const jar = await w.signIn(sara);
    const response = await w.request(jar, 'POST', `/c/${communityId}/actions/${id}/done`, { x: '1' });
    expect(response.statusCode).toBe(403);
    expect((await w.bot.prisma.actionOwner.findFirstOrThrow({ where: { actionId: id } })).state).toBe('pending');
  });
});

describe('Persian', () => {
  it('GIVEN a Persian member THEN the archive is right to left with Jalali dates in Persian digits', async () => {
    const { w, sara, reza, communityId } = await start();
    await approved(w, sara, { title: 'کتابخانه‌های دیجیتال', approvedAt: new Date('2024-03-29T08:00:00Z') });
    await reza.says('/lang fa');
    await reza.says('/calendar persian');
    const jar = await w.signIn(reza);
    const page = await w.request(jar, 'GET', `/c/${communityId}/archive`);
    expect(page.body).toContain('<html lang="fa" dir="rtl">');
    expect(page.body).toContain('بایگانی تجربه‌ها');
    expect(textOf(page.body)).toContain('۱۰ فروردین ۱۴۰۳');
    expect(textOf(page.body)).toMatch(/تجربه‌های ۱ تا ۱ از ۱/);
  });
});

// The cookie jar of nobody: pages before signing in send to the sign-in explanation (401).
describe('signed out', () => {
  it('GIVEN no session THEN the archive is 401', async () => {
    const { w, communityId } = await start();
    expect((await w.request(new CookieJar(), 'GET', `/c/${communityId}/archive`)).statusCode).toBe(401);
  });
});

describe('minutes as HTML', () => {
  it('GIVEN the Markdown the minutes renderer writes THEN headings, line breaks and nested lists become HTML, and every text stays text', () => {
    const markdown = [
      '# Minutes: Budget \\<b\\>',
      '',
      'Meeting #1  ',
      'Chair: Nasrin',
      '',
      '## Agenda',
      '',
      '1. **Budget** (done)',
      '    - A note with \\*stars\\* & <img src=x onerror=alert(1)>',
      '2. **Workshops** (open)',
      '',
      '*none*',
    ].join('\n');
    expect(minutesHtml(markdown)).toBe(
      [
        '<h2>Minutes: Budget &lt;b&gt;</h2>',
        '<p>Meeting #1<br>Chair: Nasrin</p>',
        '<h3>Agenda</h3>',
        '<ol><li><strong>Budget</strong> (done)<ul><li>A note with *stars* &amp; &lt;img src=x onerror=alert(1)&gt;' +
          '</li></ul></li><li><strong>Workshops</strong> (open)</li></ol>',
        '<p><em>none</em></p>',
        '',
      ].join('\n'),
    );
  });
});
