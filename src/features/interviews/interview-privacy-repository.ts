import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { loadLocale } from '../../i18n/locale-files.ts';
import { localize } from '../surveys/survey-questions.ts';
import { readInterviewAnswers } from './interview-answers.ts';
import { questionsOf, readInterviewTemplate } from './interview-template-schema.ts';

/** What stands for a forgotten veteran's name: "a veteran librarian", in the interview's language. */
export const FORGOTTEN_VETERAN_KEY = 'interview.veteran-forgotten';

const interviewSelect = {
  id: true,
  communityId: true,
  templateName: true,
  template: true,
  language: true,
  mode: true,
  veteranName: true,
  answers: true,
  status: true,
  consent: true,
  consentBy: true,
  consentAt: true,
  startedAt: true,
  lastAnsweredAt: true,
  finishedAt: true,
  withdrawnAt: true,
  interviewer: { select: { displayName: true } },
} as const;

/**
 * What interviews store about one member, for /mydata: the interviews they gave (their answers as
 * they gave them, each with its question in the interview's language), those they led (the answers
 * they recorded), those they invited a veteran to (where each stands), and the reminders planned for
 * them.
 */
export async function collectInterviewData(db: Db, memberId: number) {
  const [given, led, invited, interviewReminders] = await Promise.all([
    db.interview.findMany({ where: { veteranId: memberId }, orderBy: { id: 'asc' }, select: interviewSelect }),
    db.interview.findMany({
      where: { interviewerId: memberId, mode: 'led' },
      orderBy: { id: 'asc' },
      select: interviewSelect,
    }),
    // The veteran's own answers are theirs: the one who invited them gets where it stands, not what was said.
    db.interview.findMany({
      where: { interviewerId: memberId, mode: 'self' },
      orderBy: { id: 'asc' },
      select: { id: true, templateName: true, veteranName: true, status: true, startedAt: true, finishedAt: true },
    }),
    db.interviewReminder.findMany({
      where: { memberId },
      orderBy: { id: 'asc' },
      select: { interviewId: true, stage: true, dueAt: true, status: true, handledAt: true },
    }),
  ]);
  return {
    interviewsGiven: given.map(readable),
    interviewsLed: led.map(readable),
    interviewsInvited: invited,
    interviewReminders,
  };
}

/** An interview with its answers beside their questions, in the interview's language. */
function readable(row: Prisma.InterviewGetPayload<{ select: typeof interviewSelect }>) {
  const { template, answers, interviewer, ...rest } = row;
  const language = isLanguage(row.language) ? row.language : 'en';
  const given = readInterviewAnswers(answers);
  let questions: Array<{ key: string; question: string; answer: unknown }>;
  try {
    questions = questionsOf(readInterviewTemplate(template))
      .filter(({ question }) => given[question.key] !== undefined)
      .map(({ question }) => ({
        key: question.key,
        question: localize(question.text, language),
        answer: given[question.key],
      }));
  } catch {
    // A template that no longer reads: the answers as stored, by key.
    questions = Object.entries(given).map(([key, answer]) => ({ key, question: key, answer }));
  }
  return { ...rest, interviewer: interviewer?.displayName ?? null, answers: questions };
}

/**
 * /forgetme of a veteran, inside its transaction, before the member row goes: their name leaves every
 * interview they gave ("a veteran librarian" stands in its place) and so does every file they sent.
 * What they consented to publish anonymously keeps its words; any other interview of theirs loses its
 * answers entirely and is withdrawn, so that it leaves search, newsletters and exports. As interviewer,
 * their name goes with the member row (ON DELETE SET NULL); the veteran's interview stays the veteran's.
 * Returns how many interviews stay, anonymous.
 */
export async function forgetInterviewData(tx: DbTransaction, memberId: number, now = new Date()): Promise<number> {
  const given = await tx.interview.findMany({
    where: { veteranId: memberId },
    select: { id: true, language: true, answers: true, status: true, consent: true },
  });
  let keptAnonymous = 0;
  for (const interview of given) {
    const anonymous = interview.consent === 'anonymous' && interview.status === 'finished';
    const answers = anonymous
      ? Object.fromEntries(
          Object.entries(readInterviewAnswers(interview.answers)).filter(([, a]) => a.kind !== 'media'),
        )
      : {};
    await tx.interview.update({
      where: { id: interview.id },
      data: {
        veteranId: null,
        veteranName: forgottenName(interview.language),
        answers,
        ...(anonymous || interview.status === 'withdrawn' ? {} : { status: 'withdrawn', withdrawnAt: now }),
      },
    });
    if (anonymous) {
      keptAnonymous++;
      // The published copy keeps the words, not the files.
      await tx.experienceAttachment.deleteMany({ where: { experience: { interviewId: interview.id } } });
    } else {
      await tx.experience.deleteMany({ where: { interviewId: interview.id } });
    }
  }
  return keptAnonymous;
}

function forgottenName(language: string): string {
  const messages = loadLocale(isLanguage(language) ? language : 'en');
  return messages[FORGOTTEN_VETERAN_KEY] ?? 'a veteran librarian';
}
