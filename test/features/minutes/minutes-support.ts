import { GROUP, texts, type Harness, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/** The Jalali year now in Tehran, read by Intl (not by the code under test). */
export function jalaliYearNow(): number {
  const text = new Intl.DateTimeFormat('en-u-ca-persian', { year: 'numeric', timeZone: 'Asia/Tehran' }).format(
    new Date(),
  );
  return Number(/\d{4}/.exec(text)![0]);
}

/**
 * A Jalali community in Tehran (replies in English, for readable assertions) whose group is GROUP:
 * Nasrin chairs (the founder), Sara, Ali and Reza are members, each with a private chat.
 */
export async function minutesCommunity(h: Harness) {
  const chair = h.person('chair', { name: 'Nasrin', admin: true });
  await chair.says('/setup new Network', GROUP);
  await chair.says('/start');
  await h.prisma.community.updateMany({ data: { calendar: 'persian', timeZone: 'Asia/Tehran', language: 'en' } });
  const people: Record<string, Person> = {};
  for (const [id, name] of [
    ['sara', 'Sara'],
    ['ali', 'Ali'],
    ['reza', 'Reza'],
  ] as const) {
    const person = h.person(id, { name });
    await person.says('/start', GROUP);
    await person.says('/start');
    people[id] = person;
  }
  return { chair, sara: people.sara!, ali: people.ali!, reza: people.reza! };
}

/**
 * A weekly meeting scheduled in GROUP whose first time started ten minutes ago (the series moved back
 * in the database: /meeting takes only times to come). Its id.
 */
export async function weeklyMeetingUnderWay(h: Harness, chair: Person, extra = ''): Promise<number> {
  const replies = await chair.says(`/meeting tomorrow 10:00 | Budget review | Room 2 --weekly${extra}`, GROUP);
  const id = Number(/#(\d+)/.exec(texts(replies))?.[1] ?? NaN);
  if (!Number.isFinite(id)) throw new Error(`no meeting id in: ${texts(replies)}`);
  await startFirstOccurrenceAgo(h, id, 10 * 60_000);
  return id;
}

/** Moves a meeting's occurrences so that its first one started `agoMs` before now. */
export async function startFirstOccurrenceAgo(h: Harness, meetingId: number, agoMs: number): Promise<void> {
  const first = await h.prisma.meetingOccurrence.findFirstOrThrow({
    where: { meetingId },
    orderBy: { startsAt: 'asc' },
  });
  const shift = first.startsAt.getTime() - (Date.now() - agoMs);
  await h.prisma.$executeRaw`
    UPDATE "MeetingOccurrence" SET "startsAt" = "startsAt" - ${shift} * interval '1 millisecond',
                                   "endsAt" = "endsAt" - ${shift} * interval '1 millisecond'
    WHERE "meetingId" = ${meetingId}`;
  await h.prisma.$executeRaw`
    UPDATE "Meeting" SET "startsAt" = "startsAt" - ${shift} * interval '1 millisecond' WHERE id = ${meetingId}`;
}

export function files(messages: SentMessage[]) {
  return messages
    .filter((m) => m.file)
    .map((m) => ({
      name: m.file!.fileName,
      mimeType: m.file!.mimeType,
      text: Buffer.from(m.file!.contentBase64, 'base64').toString('utf8'),
    }));
}
