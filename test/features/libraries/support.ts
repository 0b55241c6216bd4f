import { GROUP, type Harness, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/** A community set up in the group by its founder (its admin), and Sara, a member who wrote there. */
export async function communityWithMember(h: Harness): Promise<{ admin: Person; sara: Person }> {
  const admin = h.person('admin-1', { name: 'Mai Admin', admin: true });
  await admin.says('/setup new Library Network', GROUP);
  const sara = h.person('sara-1', { name: 'Sara' });
  await sara.says('/start', GROUP);
  await sara.says('/start');
  return { admin, sara };
}

/** The member id of a person the bot knows. */
export async function memberIdOf(h: Harness, person: Person): Promise<number> {
  const identity = await h.prisma.identity.findFirstOrThrow({ where: { externalId: person.userId } });
  return identity.memberId;
}

/** The library a person answers for, by name; null for none. */
export async function libraryNameOf(h: Harness, person: Person): Promise<string | null> {
  const memberId = await memberIdOf(h, person);
  const row = await h.prisma.libraryRespondent.findFirst({ where: { memberId }, include: { library: true } });
  return row?.library.name ?? null;
}

/** The one message of the replies that carries buttons. */
export function withButtons(messages: SentMessage[]): SentMessage {
  const message = messages.find((m) => m.buttons && m.buttons.length > 0);
  if (!message) throw new Error(`no buttons among: ${messages.map((m) => m.text).join(' / ')}`);
  return message;
}

export function buttonLabels(message: SentMessage): string[] {
  return (message.buttons ?? []).flat().map((b) => b.label);
}
