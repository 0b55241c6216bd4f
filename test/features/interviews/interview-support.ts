import type { EventPayload } from '../../../src/core/event.ts';
import { privateChat, texts, type Harness, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/** Helpers of the interview tests: the message a person is answering, their files, their rows. */

/** The last message sent to a person's private chat with buttons: the question (or consent) they see. */
export function shown(h: Harness, person: Person): SentMessage {
  const chatId = privateChat(person.userId).chatId;
  const found = h.adapter.sent.filter((m) => m.chatId === chatId && (m.buttons?.length ?? 0) > 0).at(-1);
  if (!found) throw new Error(`nothing shown to ${person.userId}: ${texts(h.adapter.sent)}`);
  return found;
}

/** Presses a button of what the person sees now (a Persian label carries direction marks: they are not compared). */
export function press(h: Harness, person: Person, label: string): Promise<SentMessage[]> {
  const message = shown(h, person);
  const index = (message.buttons ?? []).flat().findIndex((b) => b.label.replace(BIDI_MARKS, '') === label);
  return person.presses(message, index >= 0 ? index : label);
}

const BIDI_MARKS = /[\u200e\u200f\u061c]/g;

/** A file sent in the person's private chat, as an adapter reports one (kept by its platform id). */
export function sendFile(
  h: Harness,
  person: Person,
  file: Omit<Extract<EventPayload, { type: 'file' }>, 'type'>,
): Promise<SentMessage[]> {
  return h.deliver(person.event({ type: 'file', ...file }, privateChat(person.userId)));
}

export async function memberIdOf(h: Harness, person: Person): Promise<number> {
  const identity = await h.prisma.identity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'test', externalId: person.userId } },
    select: { memberId: true },
  });
  return identity.memberId;
}

/** The only interview there is (the tests make one at a time). */
export function theInterview(h: Harness) {
  return h.prisma.interview.findFirstOrThrow({ orderBy: { id: 'desc' } });
}

/** The interview's number as its first reply says it (`#12`). */
export function interviewIdIn(replies: SentMessage[]): number {
  const match = /#(\d+)/.exec(texts(replies));
  if (!match) throw new Error(`no interview number in: ${texts(replies)}`);
  return Number(match[1]);
}

/**
 * Time passing between sittings: a veteran answers over days, not twenty presses a minute, so the
 * flood guard's windows are cleared where a test goes on as the next day would.
 */
export async function nextSitting(h: Harness): Promise<void> {
  await h.prisma.floodWindow.deleteMany();
}
