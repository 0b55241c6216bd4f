import type { ChatRef } from '../../src/core/event.ts';
import type { Db } from '../../src/db/prisma-client.ts';
import { GROUP, privateChat, type Person } from './harness.ts';

/**
 * A fresh join code, as a community admin gets it: `/setup code` in a bound group, answered in their
 * private chat (opened first, as the platform requires). Each code binds one chat, for a day.
 */
export async function joinCodeFrom(admin: Person, group: ChatRef = GROUP): Promise<string> {
  await admin.says('/start');
  const sent = await admin.says('/setup code', group);
  const privately = sent.find((m) => m.chatId === privateChat(admin.userId).chatId)?.text;
  // A Persian reply isolates the code with bidi marks: read it without them.
  const code = privately?.replace(/[\u2066-\u2069]/g, '').match(/setup join (\w+)/)?.[1];
  if (!code) throw new Error(`no join code for ${admin.userId}: ${sent.map((m) => m.text).join(' | ')}`);
  return code;
}

/**
 * A valid join code written straight into the database, as `/setup code` would store it: for tests
 * whose subject is not /setup and whose platform fakes have no admin's private chat to read it from.
 */
export async function storedJoinCode(prisma: Db, code = 'JQ2K7M9X'): Promise<string> {
  const community = await prisma.community.findFirstOrThrow({ select: { id: true } });
  await prisma.community.update({
    where: { id: community.id },
    data: { joinCode: code, joinCodeExpiresAt: new Date(Date.now() + 60 * 60_000) },
  });
  return code;
}
