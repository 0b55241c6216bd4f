import type { Role } from '../../src/core/roles.ts';
import { GROUP, OTHER_GROUP, privateChat, type Person } from '../support/harness.ts';
import { library, round } from '../features/rounds/round-answer-support.ts';
import { pollMessage } from '../features/polls/support.ts';
import type { WebHarness } from './web-harness.ts';

/**
 * A community as a chair and an admin find it on the dashboard: people of every role, a poll with
 * votes, an open survey, three member libraries and a report round (one library on time, one late,
 * one missing), and a second community whose admin must see none of it. Made through the chat where
 * the chat makes it (setup, roles, the poll, its votes, the survey); the libraries and the round's
 * answers are written as /library and the answering flow write them (tested on their own).
 */
export interface ChairAdminFixture {
  readers: number;
  archives: number;
  people: Record<'admin' | 'chair' | 'curator' | 'member' | 'outsider', Person>;
  pollId: number;
  surveyId: number;
  roundId: number;
  libraries: { central: number; hue: number; vinh: number };
}

const DAY = 24 * 3600_000;

export async function chairAdminFixture(w: WebHarness): Promise<ChairAdminFixture> {
  const h = w.bot;
  const admin = h.person('nasrin', { name: 'Nasrin', admin: true });
  await admin.says('/start');
  await admin.says('/setup new Readers', GROUP);
  const outsider = h.person('ivan', { name: 'Ivan', admin: true });
  await outsider.says('/start');
  await outsider.says('/setup new Archives', OTHER_GROUP);
  const readers = (await h.prisma.community.findFirstOrThrow({ where: { name: 'Readers' } })).id;
  const archives = (await h.prisma.community.findFirstOrThrow({ where: { name: 'Archives' } })).id;

  const join = async (userId: string, name: string, role: Role) => {
    const person = h.person(userId, { name });
    await person.says('/start');
    await person.says('/help', GROUP);
    if (role !== 'member') await admin.says(`/role ${role} ${name}`, GROUP);
    return person;
  };
  const chair = await join('omid', 'Omid', 'chair');
  const curator = await join('leila', 'Leila', 'curator');
  const member = await join('sara', 'Sara', 'member');

  const posted = await chair.says('/poll Which day suits the webinar? | Monday | Friday', GROUP);
  const poll = pollMessage(posted);
  await member.presses(poll, 'Friday', GROUP);
  await curator.presses(poll, 'Monday', GROUP);
  const pollId = (await h.prisma.poll.findFirstOrThrow({ where: { question: { startsWith: 'Which day' } } })).id;
  await chair.says('/survey library-needs', GROUP);
  const surveyId = (await h.prisma.survey.findFirstOrThrow()).id;

  const libraries = {
    central: await library(h, 'Central Library', [member]),
    hue: await library(h, 'Hue University Library', [curator]),
    vinh: await library(h, 'Vinh Library', []),
  };
  await h.prisma.library.update({ where: { id: libraries.central }, data: { city: 'Hanoi' } });
  const roundId = await round(h);
  const { dueAt } = await h.prisma.reportRound.findUniqueOrThrow({ where: { id: roundId } });
  const submit = (libraryId: number, at: Date, answers: object, submittedById: number) =>
    h.prisma.roundSubmission.create({
      data: { roundId, libraryId, answers, submittedById, submittedAt: at, firstSubmittedAt: at, version: 1 },
    });
  await submit(
    libraries.central,
    new Date(dueAt.getTime() - 2 * DAY),
    {
      visits: { kind: 'number', value: 1200 },
      hours: { kind: 'number', value: 12.5 },
      kind: { kind: 'choice', choices: [1] },
      topics: { kind: 'choice', choices: [0, 2] },
      quality: { kind: 'scale', value: 4 },
      experience: { kind: 'text', text: 'A reading club for teenagers.' },
    },
    await memberIdOf(w, member),
  );
  await submit(
    libraries.hue,
    new Date(dueAt.getTime() + DAY),
    {
      visits: { kind: 'number', value: 800 },
      hours: { kind: 'skipped' },
      kind: { kind: 'choice', choices: [1] },
      quality: { kind: 'scale', value: 5 },
    },
    await memberIdOf(w, curator),
  );
  return {
    readers,
    archives,
    people: { admin, chair, curator, member, outsider },
    pollId,
    surveyId,
    roundId,
    libraries,
  };
}

export async function memberIdOf(w: WebHarness, person: Person): Promise<number> {
  const identity = await w.bot.prisma.identity.findUniqueOrThrow({
    where: { platform_externalId: { platform: 'test', externalId: person.userId } },
    select: { memberId: true },
  });
  return identity.memberId;
}

/** The files the bot sent to the person's private chat since `from` (an index into what was sent). */
export function filesSentTo(w: WebHarness, person: Person, from = 0) {
  const chatId = privateChat(person.userId).chatId;
  return w.bot.adapter.sent
    .slice(from)
    .filter((m) => m.chatId === chatId && m.file)
    .map((m) => ({ fileName: m.file!.fileName, bytes: Buffer.from(m.file!.contentBase64, 'base64') }));
}
