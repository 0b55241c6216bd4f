import { afterEach, describe, expect, it } from 'vitest';
import { GROUP, texts } from '../support/harness.ts';
import { csrfToken, WebHarness } from './web-harness.ts';
import {
  approved,
  hiddenFields,
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

const CURATOR_ROUTES = [
  ['GET', '/curate/review'],
  ['GET', '/curate/review/1'],
  ['POST', '/curate/review/1'],
  ['GET', '/curate/newsletter'],
  ['POST', '/curate/newsletter'],
] as const;

describe('who may open the curator pages', () => {
  it('GIVEN a plain member, or a curator of another community THEN every curator page is refused (403) and nothing is decided', async () => {
    const { w, sara, reza, omid, communityId, otherCommunityId } = await start();
    const id = await submitted(w, sara, { title: 'Waiting for a curator' });
    // Omid curates his own community, not this one.
    await w.bot.prisma.membership.updateMany({ where: { communityId: otherCommunityId }, data: { role: 'curator' } });
    for (const person of [reza, omid]) {
      const jar = await w.signIn(person);
      const token = csrfToken((await w.request(jar, 'GET', '/me/sessions')).body);
      for (const [method, path] of CURATOR_ROUTES) {
        const url = `/c/${communityId}${path.replace('/1', `/${id}`)}`;
        const response = await w.request(
          jar,
          method,
          url,
          method === 'POST'
            ? { _csrf: token, decision: 'approve', asOf: new Date().toISOString(), periodFrom: '', periodTo: '' }
            : undefined,
        );
        expect(response.statusCode, `${person.name}: ${method} ${url}`).toBe(403);
        expect(response.body).not.toContain('Waiting for a curator');
      }
      // Nor does the navigation offer them.
      if (person === reza) {
        expect((await w.request(jar, 'GET', `/c/${communityId}/`)).body).not.toContain('/curate/');
      }
    }
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    expect(await w.bot.prisma.newsletterIssue.count()).toBe(0);
  });
});

describe('the review queue', () => {
  it('GIVEN a submission WHEN the curator approves it on the page THEN it is approved, searchable, the author is told in chat, and the audit log says so', async () => {
    const { w, curator, sara, communityId } = await start();
    const id = await submitted(w, sara, {
      title: 'Evening opening hours',
      body: 'We opened until nine.\n\nStudents came.',
      consent: 'anonymous',
      library: 'Central Library',
    });
    const jar = await w.signIn(curator);
    const home = await w.request(jar, 'GET', `/c/${communityId}/`);
    expect(home.body).toContain(`href="/c/${communityId}/curate/review"`);
    const queue = await w.request(jar, 'GET', `/c/${communityId}/curate/review`);
    expect(textOf(queue.body)).toContain('1 submission is waiting');
    expect(textOf(queue.body)).toContain('Sara (to be published anonymously)');
    expect(queue.body).toContain(`href="/c/${communityId}/curate/review/${id}"`);

    const item = await w.request(jar, 'GET', `/c/${communityId}/curate/review/${id}`);
    expect(textOf(item.body)).toContain('Students came.');
    expect(textOf(item.body)).toContain('Library Central Library');

    const before = w.bot.adapter.sent.length;
    const response = await w.request(jar, 'POST', `/c/${communityId}/curate/review/${id}`, {
      _csrf: csrfToken(item.body),
      decision: 'approve',
      note: '',
    });
    expect(response.statusCode).toBe(303);
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
    const toAuthor = await privateMessages(w, sara, before);
    expect(texts(toAuthor)).toContain(`Good news: your experience #${id} “Evening opening hours” is approved.`);
    const after = textOf((await w.request(jar, 'GET', response.headers.location as string)).body);
    expect(after).toContain(`Submission #${id} is approved. The author has been told in chat.`);
    expect(after).toContain('Nothing is waiting for review.');
    expect(texts(await sara.says('/search evening'))).toContain('Evening opening hours');
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'experience.review' } });
    expect(audit.details).toMatchObject({ via: 'web', experienceId: id, decision: 'approve', told: true });
    expect(audit.communityId).toBe(communityId);
    expect(audit.actorMemberId).toBe(
      (await w.bot.prisma.member.findFirstOrThrow({ where: { displayName: 'Curator' } })).id,
    );

    // Decided already (a second tab): the page says so and nothing changes.
    const again = await w.request(jar, 'POST', `/c/${communityId}/curate/review/${id}`, {
      _csrf: csrfToken(item.body),
      decision: 'reject',
      note: 'Too late',
    });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain(`Submission #${id} has been reviewed already (approved).`);
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
  });

  it('GIVEN reject and ask-for-changes THEN each needs a note, which the author receives in chat; changes come with the Edit button', async () => {
    const { w, curator, sara, reza, communityId } = await start();
    const rejected = await submitted(w, sara, { title: 'Off topic' });
    const changes = await submitted(w, reza, { title: 'Needs a date' });
    const jar = await w.signIn(curator);
    const decide = (id: number, fields: Record<string, string>) =>
      postForm(w, jar, `/c/${communityId}/curate/review/${id}`, `/c/${communityId}/curate/review/${id}`, fields);

    const noNote = await decide(rejected, { decision: 'reject', note: '   ' });
    expect(noNote.statusCode).toBe(400);
    expect(textOf(noNote.body)).toContain('The note is empty.');
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id: rejected } })).status).toBe('pending');
    const noChoice = await decide(rejected, { note: 'x' });
    expect(noChoice.statusCode).toBe(400);

    const before = w.bot.adapter.sent.length;
    expect(
      (await decide(rejected, { decision: 'reject', note: 'This is about a museum, not a library.' })).statusCode,
    ).toBe(303);
    expect((await decide(changes, { decision: 'changes', note: 'Please add when it happened.' })).statusCode).toBe(303);
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id: rejected } })).status).toBe('rejected');
    expect((await w.bot.prisma.experience.findUniqueOrThrow({ where: { id: changes } })).status).toBe(
      'changes_requested',
    );
    expect(texts(await privateMessages(w, sara, before))).toContain('This is about a museum, not a library.');
    const [toReza] = await privateMessages(w, reza, before);
    expect(toReza?.text).toContain('Please add when it happened.');
    expect(toReza?.buttons?.flat().map((b) => b.action)).toEqual(['exp.edit']);
    // The author edits from that button in chat, as after a decision taken in chat.
    const edit = await reza.presses(toReza, 0);
    expect(texts(edit)).toContain('Needs a date');
  });
});

describe('compiling a newsletter', () => {
  it('GIVEN approved experiences WHEN the curator previews and publishes THEN the issue is posted to the group with its files, as from chat, and the page shows it', async () => {
    const { w, curator, sara, communityId } = await start();
    await approved(w, sara, { title: 'Training day', tags: ['Training'] });
    await approved(w, sara, { title: 'Members-only talk' });
    await w.bot.prisma.experience.updateMany({ where: { title: 'Members-only talk' }, data: { membersOnly: true } });
    const jar = await w.signIn(curator);
    const preview = await w.request(jar, 'GET', `/c/${communityId}/curate/newsletter`);
    const shown = textOf(preview.body);
    expect(shown).toContain('Issue 1 would hold 1 experience and go to 1 chat.');
    expect(shown).toContain('University Libraries Network: the experience letter, issue 1');
    expect(shown).toContain('Training day');
    expect(shown).not.toContain('Members-only talk');

    // A period with nothing in it says so.
    const empty = await w.request(jar, 'GET', `/c/${communityId}/curate/newsletter?from=2001-01-01&to=2001-12-31`);
    expect(textOf(empty.body)).toContain('No experience approved in this period is waiting for a newsletter.');

    const before = w.bot.adapter.sent.length;
    const form = hiddenFields(preview.body);
    expect(Object.keys(form).sort()).toEqual(['_csrf', 'asOf', 'periodFrom', 'periodTo']);
    // Approved after the preview was shown: it waits for the next issue, as the curator did not see it.
    await approved(w, sara, { title: 'Approved after the preview', approvedAt: new Date(Date.now() + 60_000) });
    const publish = await w.request(jar, 'POST', `/c/${communityId}/curate/newsletter`, form);
    expect(publish.statusCode).toBe(303);
    expect(publish.headers.location).toBe(`/c/${communityId}/newsletters/1?posted=1`);
    await w.bot.app.outbox.drain();
    const posted = w.bot.adapter.sent.slice(before).filter((m) => m.chatId === GROUP.chatId);
    expect(posted.map((m) => m.file?.fileName)).toEqual(['newsletter-1.md', 'newsletter-1.html']);
    expect(posted[0]!.text).toContain('Training day');
    expect(posted[0]!.text).not.toContain('Approved after the preview');
    const items = await w.bot.prisma.newsletterItem.findMany({ include: { experience: true } });
    expect(items.map((i) => i.experience.title)).toEqual(['Training day']);
    const issue = textOf((await w.request(jar, 'GET', publish.headers.location as string)).body);
    expect(issue).toContain('Issue 1 is published and posted to 1 chat');
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'newsletter.publish' } });
    expect(audit.details).toMatchObject({ via: 'web', number: 1, experiences: 1, chats: 1 });

    // The same form again: everything in it is published, so nothing more is.
    const twice = await w.request(jar, 'POST', `/c/${communityId}/curate/newsletter`, form);
    expect(twice.statusCode).toBe(409);
    expect(textOf(twice.body)).toContain('another curator published it meanwhile');
    expect(await w.bot.prisma.newsletterIssue.count()).toBe(1);
  });

  it('GIVEN more approved experiences than a page shows THEN the preview shows the first 30 and says how many more, and its HTML file holds them all', async () => {
    const { w, curator, sara, communityId } = await start();
    for (let i = 1; i <= 32; i++) await approved(w, sara, { title: `Workshop number ${i}` });
    const jar = await w.signIn(curator);
    const preview = await w.request(jar, 'GET', `/c/${communityId}/curate/newsletter`);
    const shown = textOf(preview.body);
    expect(shown).toContain('Issue 1 would hold 32 experiences');
    expect(shown).toContain('…and 2 more experiences');
    expect(preview.body.match(/class="newsletter-item"/g)).toHaveLength(30);
    const file = await w.request(jar, 'GET', `/c/${communityId}/curate/newsletter/preview.html`);
    expect(file.headers['content-type']).toMatch(/^text\/html/);
    expect(file.headers['content-disposition']).toContain('attachment; filename="newsletter-1-preview.html"');
    for (let i = 1; i <= 32; i++) expect(file.body).toContain(`Workshop number ${i} <`);
    expect(await w.bot.prisma.newsletterIssue.count()).toBe(0);
  });
});
