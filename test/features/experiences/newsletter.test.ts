import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, OTHER_GROUP, texts, type Person } from '../../support/harness.ts';
import { joinCodeFrom } from '../../support/join-code.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import {
  corpusParagraphs,
  experienceCommunity,
  experienceId,
  fileText,
  member,
  withButtons,
  type ExperienceCommunity,
} from '../../support/experiences.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node, tag: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n && n.tagName === tag) found.push(n);
    if ('childNodes' in n) for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return found;
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

const THIRD_GROUP = { platform: 'test', chatId: 'group-3', kind: 'group' as const, title: 'Gone' };

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Submitted in one line by `author`, approved by the curator, then dated as approved at `approvedAt`. */
async function approvedAt(c: ExperienceCommunity, author: Person, title: string, body: string, at: string) {
  const id = experienceId(texts(await author.says(`/share ${title} | ${body}`)));
  await c.curator.presses(withButtons(await c.curator.says('/review')), 0);
  const date = new Date(at);
  await h.prisma.experience.update({ where: { id }, data: { approvedAt: date } });
  await h.prisma.experienceIndexEntry.update({ where: { experienceId: id }, data: { approvedAt: date } });
  return id;
}

/** A Persian community in two groups (and a third the platform has refused for good). */
async function persianCommunity() {
  const c = await experienceCommunity(h, { language: 'fa' });
  await c.admin.says('/setup calendar persian', GROUP);
  await c.admin.says('/setup tz Asia/Tehran', GROUP);
  // A code binds one chat: one for each.
  await h.person('admin2', { admin: true }).says(`/setup join ${await joinCodeFrom(c.admin)}`, OTHER_GROUP);
  await h.person('admin3', { admin: true }).says(`/setup join ${await joinCodeFrom(c.admin)}`, THIRD_GROUP);
  await h.prisma.chat.updateMany({ where: { externalId: THIRD_GROUP.chatId }, data: { unreachableAt: new Date() } });
  return c;
}

function posted(replies: SentMessage[], chatId: string) {
  return replies.filter((m) => m.chatId === chatId && m.file);
}

describe('/newsletter', () => {
  it('GIVEN a period in Jalali dates THEN the issue holds exactly its approved experiences, goes to every reachable chat, and its HTML is a right-to-left Persian page', async () => {
    const c = await persianCommunity();
    const sara = await member(h, 'sara', 'Sara Ahmadi');
    const reza = await member(h, 'reza', 'Reza');
    const fa = corpusParagraphs('fa-university-network-experience-sharing-meeting');
    const hospital = corpusParagraphs('fa-hospital-library-strategic-plan');
    // Khordad 1402 runs from 22 May to 21 June 2023 (Tehran).
    const inside1 = await approvedAt(c, sara, 'کارگروه اشتراک تجربیات', fa[0]!, '2023-05-25T08:00:00Z');
    const inside2 = await approvedAt(
      c,
      reza,
      'برنامه راهبردی کتابخانه بیمارستان',
      hospital[0]!,
      '2023-06-20T08:00:00Z',
    );
    const before = await approvedAt(c, sara, 'پیش از بازه', 'متن', '2023-05-20T08:00:00Z');
    const after = await approvedAt(c, sara, 'پس از بازه', 'متن', '2023-06-22T08:00:00Z');
    // A rejected and a pending submission never go into an issue.
    const rejected = experienceId(texts(await reza.says('/share ردشده | متن')));
    const pending = experienceId(texts(await sara.says('/share در انتظار | هنوز بررسی نشده')));
    await c.curator.presses(withButtons(await c.curator.says('/review')), 1);
    await c.curator.says('موضوع خبرنامه نیست');
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id: rejected } })).status).toBe('rejected');
    await h.prisma.experience.update({
      where: { id: inside2 },
      data: { tags: ['برنامه‌ریزی'], library: 'کتابخانه بیمارستان' },
    });

    const preview = await c.curator.says('/newsletter 1402/03/01 1402/03/31');
    expect(preview).toHaveLength(1);
    expect(preview[0]!.text).toContain('کارگروه اشتراک تجربیات');
    expect(preview[0]!.text).not.toContain('پیش از بازه');
    const published = await c.curator.presses(withButtons(preview), 0);

    // Posted to both reachable groups (message with the Markdown, then the HTML), not to the third.
    for (const chat of [GROUP.chatId, OTHER_GROUP.chatId]) {
      const files = posted(published, chat);
      expect(files.map((m) => m.file!.fileName)).toEqual(['newsletter-1.md', 'newsletter-1.html']);
      expect(files[0]!.text).toContain('تجربه‌نامه');
    }
    expect(published.some((m) => m.chatId === THIRD_GROUP.chatId)).toBe(false);

    const html = fileText(posted(published, GROUP.chatId)[1]!);
    const errors: string[] = [];
    const tree = parse(html, { onParseError: (error) => errors.push(error.code) });
    expect(errors).toEqual([]);
    const root = elements(tree, 'html')[0]!;
    expect(attr(root, 'dir')).toBe('rtl');
    expect(attr(root, 'lang')).toBe('fa');
    const articles = elements(tree, 'article').map((a) => attr(a, 'id'));
    expect(articles.sort()).toEqual([`experience-${inside1}`, `experience-${inside2}`].sort());
    expect(html).toContain('Sara Ahmadi');
    expect(html).toContain('Reza، کتابخانه بیمارستان');
    expect(html).toContain('برنامه‌ریزی');
    expect(html).not.toContain(`experience-${before}`);
    expect(html).not.toContain(`experience-${after}`);
    expect(html).not.toContain(`experience-${pending}`);
    expect(html).not.toContain(`experience-${rejected}`);
    const markdown = fileText(posted(published, GROUP.chatId)[0]!);
    expect(markdown).toContain('### کارگروه اشتراک تجربیات');
    expect(markdown).toContain('### برنامه راهبردی کتابخانه بیمارستان');

    const issue = await h.prisma.newsletterIssue.findFirstOrThrow({ include: { items: true } });
    expect(issue.number).toBe(1);
    expect(issue.items.map((i) => i.experienceId).sort()).toEqual([inside1, inside2].sort());

    // The same period again: nothing new is published.
    const sentBefore = h.adapter.sent.length;
    const again = await c.curator.says('/newsletter 1402/03/01 1402/03/31');
    expect(again).toHaveLength(1);
    expect(again[0]!.buttons).toBeUndefined();
    expect(await h.prisma.newsletterIssue.count()).toBe(1);
    expect(h.adapter.sent.length - sentBefore).toBe(1);

    // By default: every approved experience not yet in an issue, whatever its date; never the others.
    const next = await c.curator.says('/newsletter');
    const second = await c.curator.presses(withButtons(next), 0);
    const secondHtml = fileText(posted(second, GROUP.chatId)[1]!);
    const secondIds = elements(parse(secondHtml), 'article').map((a) => attr(a, 'id'));
    expect(secondIds.sort()).toEqual([`experience-${before}`, `experience-${after}`].sort());
    expect((await h.prisma.newsletterIssue.findMany({ orderBy: { number: 'asc' } })).map((i) => i.number)).toEqual([
      1, 2,
    ]);
    expect(texts(await c.curator.says('/newsletter'))).toContain('در انتظار خبرنامه نیست');
  });

  it('GIVEN a preview WHEN the curator cancels THEN nothing is published', async () => {
    const c = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await approvedAt(c, sara, 'One', 'Text', '2025-01-10T10:00:00Z');
    const preview = await c.curator.says('/newsletter');
    expect(texts(preview)).toContain('The next issue would hold 1 experience');
    expect(texts(preview)).toContain('It goes to 1 chat of the community.');
    expect(texts(await c.curator.presses(withButtons(preview), 'Cancel'))).toBe('Not published.');
    expect(await h.prisma.newsletterIssue.count()).toBe(0);
    expect(texts(await c.curator.presses(withButtons(preview), 'Publish'))).toContain('no longer valid');
    expect(await h.prisma.newsletterIssue.count()).toBe(0);
  });

  it('GIVEN the curator publishes from the private chat THEN the issue goes to the group and the curator gets the HTML too', async () => {
    const c = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = await approvedAt(c, sara, 'Late opening', 'We stayed open until nine.', '2025-01-10T10:00:00Z');
    const published = await c.curator.presses(withButtons(await c.curator.says('/newsletter')), 'Publish');
    expect(texts(published.filter((m) => m.chatId === 'dm-curator'))).toContain(
      'Issue 1 is published: 1 experience, posted to 1 chat.',
    );
    const own = published.find((m) => m.chatId === 'dm-curator' && m.file)!;
    expect(own.file!.fileName).toBe('newsletter-1.html');
    const tree = parse(fileText(own));
    expect(attr(elements(tree, 'html')[0]!, 'dir')).toBe('ltr');
    expect(elements(tree, 'article').map((a) => attr(a, 'id'))).toEqual([`experience-${id}`]);
    expect(posted(published, GROUP.chatId)).toHaveLength(2);
  });

  it('GIVEN a period that ends before it starts, or a date that does not exist THEN the curator is told and nothing is published', async () => {
    const c = await experienceCommunity(h);
    expect(texts(await c.curator.says('/newsletter 2023-06-30 2023-06-01'))).toContain(
      'A period starts before it ends',
    );
    expect(texts(await c.curator.says('/newsletter 2023-02-30'))).toContain('2023');
    expect(await h.prisma.newsletterIssue.count()).toBe(0);
  });

  it('GIVEN a member who is not a curator THEN /newsletter is refused', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    expect(texts(await sara.says('/newsletter'))).toBe('/newsletter is only for: curator.');
  });
});
