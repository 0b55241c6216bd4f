import type { SentMessage } from '../../support/memory-adapter.ts';
import { GROUP, type Harness, type Person } from '../../support/harness.ts';

/** A community bound to GROUP whose admin (a chair by rank) has a private chat with the bot. */
export async function communityWithChair(h: Harness): Promise<{ chair: Person }> {
  const chair = h.person('chair', { name: 'Nasrin', admin: true });
  await chair.says('/start');
  await chair.says('/setup new Libraries', GROUP);
  return { chair };
}

/** A member of the community, with a private chat open unless `reachable` is false. */
export async function member(h: Harness, userId: string, options: { reachable?: boolean; name?: string } = {}) {
  const person = h.person(userId, { name: options.name ?? userId });
  if (options.reachable !== false) await person.says('/start');
  await person.says('/help', GROUP);
  return person;
}

export function pollMessage(messages: SentMessage[]): SentMessage {
  // A new poll, not the live-tally edit of an earlier one that happened to go out at the same time.
  const found = messages.find((m) => !m.replaceMessageId && m.buttons?.flat().some((b) => b.action === 'poll.v'));
  if (!found) throw new Error(`no poll among: ${messages.map((m) => m.text).join(' | ')}`);
  return found;
}

/** The latest text shown for a poll message in a chat: its last edit, or the message itself. */
export function shownText(h: Harness, chatId: string, original: SentMessage): string {
  const index = h.adapter.sent.indexOf(original);
  const edits = h.adapter.sent.filter((m) => m.chatId === chatId && m.replaceMessageId === String(index + 1));
  return (edits.at(-1) ?? original).text;
}

export function editsOf(h: Harness, original: SentMessage): SentMessage[] {
  const index = h.adapter.sent.indexOf(original);
  return h.adapter.sent.filter((m) => m.replaceMessageId === String(index + 1));
}
