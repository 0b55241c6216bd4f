import type { FileDownload } from '../../src/core/stored-files.ts';
import type { AttachmentDraft } from '../../src/features/experiences/attachment-types.ts';
import { GROUP, OTHER_GROUP, privateChat, type Person } from '../support/harness.ts';
import { experienceCommunity, member } from '../support/experiences.ts';
import type { SentMessage } from '../support/memory-adapter.ts';
import { csrfToken, type CookieJar, type WebHarness } from './web-harness.ts';

/**
 * A community bound to GROUP (an admin, a curator named Curator, members Sara and Reza, each with a
 * private chat) and a second one in OTHER_GROUP whose member Omid must never reach the first's pages.
 */
export async function twoCommunities(w: WebHarness) {
  const h = w.bot;
  const { curator, communityId } = await experienceCommunity(h);
  const sara = await member(h, 'sara', 'Sara');
  const reza = await member(h, 'reza', 'Reza');
  await h.person('founder-2', { admin: true }).says('/setup new Second', OTHER_GROUP);
  const omid = h.person('omid', { name: 'Omid' });
  await omid.says('/start', OTHER_GROUP);
  await omid.says('/start', privateChat('omid'));
  const second = await h.prisma.community.findFirstOrThrow({ where: { name: 'Second' } });
  return { curator, sara, reza, omid, communityId, otherCommunityId: second.id };
}

export async function memberIdOf(w: WebHarness, person: Person): Promise<number> {
  const row = await w.bot.prisma.member.findFirstOrThrow({
    where: { identities: { some: { externalId: person.userId } } },
    select: { id: true },
  });
  return row.id;
}

/** A submission by `author` through the same service as `/share`; pending until a curator decides. */
export async function submitted(
  w: WebHarness,
  author: Person,
  fields: {
    title: string;
    body?: string;
    tags?: string[];
    consent?: 'named' | 'anonymous';
    library?: string | null;
    attachments?: AttachmentDraft[];
    communityId?: number;
  },
): Promise<number> {
  const communityId =
    fields.communityId ?? (await w.bot.prisma.community.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  const { id } = await w.bot.app.services.experiences.submissions.submit({
    communityId,
    authorId: await memberIdOf(w, author),
    platform: 'test',
    chatId: `dm-${author.userId}`,
    title: fields.title,
    body: fields.body ?? `${fields.title}: what we did and what we learned.`,
    tags: fields.tags ?? [],
    library: fields.library ?? null,
    consent: fields.consent ?? 'named',
    sourceName: null,
    sourceDate: null,
    attachments: fields.attachments ?? [],
  });
  return id;
}

/** Submitted and approved (by the community's curator, at `approvedAt`): in the archive. */
export async function approved(
  w: WebHarness,
  author: Person,
  fields: Parameters<typeof submitted>[2] & { approvedAt?: Date },
): Promise<number> {
  const id = await submitted(w, author, fields);
  const experience = await w.bot.prisma.experience.findUniqueOrThrow({ where: { id } });
  const curator = await w.bot.prisma.member.findFirstOrThrow({ where: { displayName: 'Curator' } });
  await w.bot.app.services.experiences.submissions.decide(
    experience.communityId,
    id,
    'approve',
    curator.id,
    null,
    fields.approvedAt ?? new Date(),
  );
  return id;
}

/**
 * The test platform's stored files, as an adapter serves them: an id it does not know is gone, a file
 * over `maxBytes` too big (the adapters check the size before reading the file).
 */
export function platformFiles(w: WebHarness, files: Record<string, Buffer>): void {
  w.bot.app.files.add({
    platform: 'test',
    download: async (fileId: string, maxBytes: number): Promise<FileDownload> => {
      const bytes = files[fileId];
      if (!bytes) return { ok: false, kind: 'gone', error: 'HTTP 404' };
      if (bytes.length > maxBytes) return { ok: false, kind: 'too-big', error: `${bytes.length} bytes` };
      return { ok: true, bytes };
    },
  });
}

/** What the outbox sent to a person's private chat since `from` (an index into the adapter's log). */
export async function privateMessages(w: WebHarness, person: Person, from = 0): Promise<SentMessage[]> {
  await w.bot.app.outbox.drain();
  return w.bot.adapter.sent.slice(from).filter((m) => m.chatId === `dm-${person.userId}`);
}

/** Opens a page and posts its form (the first form's CSRF field) with `fields`. */
export async function postForm(
  w: WebHarness,
  jar: CookieJar,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await w.request(jar, 'GET', pagePath);
  return w.request(jar, 'POST', action, { _csrf: csrfToken(page.body), ...fields });
}

/** The hidden fields of a page's forms (the CSRF field among them), as a browser would post them. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = match[2]!.replace(/&amp;/g, '&');
  }
  return fields;
}

/** The visible text of an HTML page, tags dropped and the few entities eta writes undone. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export { GROUP, OTHER_GROUP };
