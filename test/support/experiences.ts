import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GROUP, privateChat, type Harness, type Person } from './harness.ts';
import type { SentMessage } from './memory-adapter.ts';
import { toLatinDigits } from '../../src/i18n/digits.ts';

/** The real texts of the people this product serves (see shared/corpus/README.md). */
// A copy of shared/corpus, kept in the repository so that a fresh clone tests on its own.
const CORPUS_DIR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export function corpus(name: string): string {
  return readFileSync(`${CORPUS_DIR}${name}.txt`, 'utf8');
}

/** The paragraphs of a corpus text that say something (not headings or blank lines). */
export function corpusParagraphs(name: string): string[] {
  return corpus(name)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 80);
}

export interface ExperienceCommunity {
  admin: Person;
  curator: Person;
  communityId: number;
}

/**
 * A community set up in GROUP by an admin, with a curator named Curator who has opened a private chat.
 * `language` is the community's language (its newsletter is written in it).
 */
export async function experienceCommunity(
  h: Harness,
  options: { language?: 'en' | 'fa' | 'vi' | 'ru' } = {},
): Promise<ExperienceCommunity> {
  const admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/setup new University Libraries Network', GROUP);
  if (options.language) await admin.says(`/setup lang ${options.language}`, GROUP);
  const curator = h.person('curator', { name: 'Curator' });
  await curator.says('/start', GROUP);
  await curator.says('/start', privateChat('curator'));
  await admin.says('/role curator Curator', GROUP);
  const community = await h.prisma.community.findFirstOrThrow();
  return { admin, curator, communityId: community.id };
}

/** A member of the community (they wrote in its group) who has opened a private chat with the bot. */
export async function member(h: Harness, userId: string, name: string, language?: string): Promise<Person> {
  const person = h.person(userId, { name });
  await person.says('/start', GROUP);
  await person.says('/start', privateChat(userId));
  if (language) await person.says(`/lang ${language}`, privateChat(userId));
  return person;
}

/** The last message sent among these replies that has buttons. */
export function withButtons(replies: SentMessage[]): SentMessage {
  const found = [...replies].reverse().find((m) => (m.buttons ?? []).length > 0);
  if (!found) throw new Error(`no message with buttons among: ${replies.map((r) => r.text).join(' | ')}`);
  return found;
}

/** The id in `#12` of a reply. */
export function experienceId(text: string): number {
  // Persian messages isolate inserted values (U+2068 … U+2069) and write ids in Persian digits.
  const match = /#(\d+)/.exec(toLatinDigits(text.replace(/[\u2066-\u2069]/g, '')));
  if (!match) throw new Error(`no #id in: ${text}`);
  return Number(match[1]);
}

/** Rows of the experience tables: a refused submission must leave all of them as they were. */
export async function experienceRows(h: Harness): Promise<Record<string, number>> {
  const [experiences, attachments, changes, index] = await Promise.all([
    h.prisma.experience.count(),
    h.prisma.experienceAttachment.count(),
    h.prisma.experienceStatusChange.count(),
    h.prisma.experienceIndexEntry.count(),
  ]);
  return { experiences, attachments, changes, index };
}

export function fileText(message: SentMessage): string {
  return Buffer.from(message.file!.contentBase64, 'base64').toString('utf8');
}
