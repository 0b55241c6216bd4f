/**
 * Report rounds at a big network's size: 1,000 member libraries (one respondent each) and the shipped
 * 10-question quarterly template. Times (1) opening a round: from the opening job claiming it until
 * every respondent's first message is in the outbox (chases planned for every stage, the opening
 * ones handed over), and (2) compiling the report from 1,000 submissions with the previous quarter's
 * beside it: the figures and all four files (Markdown, HTML, CSV, XLSX). Aim: each under 2 s.
 * Runs on the embedded database in a temporary folder (or DATABASE_URL when set).
 *
 *   npx tsx bench/report-rounds.ts          BENCH_LIBRARIES=1000 npx tsx bench/report-rounds.ts
 */
import { openBenchDatabase } from './support/bench-database.ts';
import type { Db } from '../src/db/prisma-client.ts';
import { silentLogger } from '../src/logger.ts';
import { Translator } from '../src/i18n/translator.ts';
import { buildFeatures } from '../src/features/register-features.ts';
import { createRoundJobs } from '../src/features/rounds/round-jobs.ts';
import { questionsOf } from '../src/features/rounds/round-template-schema.ts';
import type { RoundAnswer } from '../src/features/rounds/round-answers.ts';

const LIBRARIES = Number(process.env.BENCH_LIBRARIES ?? 1_000);
const AIM_MS = 2_000;

async function seedNetwork(db: Db): Promise<{ communityId: number; chairId: number }> {
  const community = await db.community.create({
    // No quiet hours and no holidays (`none`: not its language's country), so that the bench measures
    // the same work whatever the hour and the day it runs.
    data: {
      name: 'Bench network',
      quietStartMinute: 0,
      quietEndMinute: 0,
      holidayCountry: 'none',
      language: 'fa',
      calendar: 'persian',
      timeZone: 'Asia/Tehran',
    },
  });
  const chair = await db.member.create({ data: { displayName: 'Chair' } });
  await db.membership.create({ data: { communityId: community.id, memberId: chair.id, role: 'chair' } });
  const languages = ['fa', 'vi', 'ru', 'en'];
  await db.member.createMany({
    data: Array.from({ length: LIBRARIES }, (_, i) => ({
      displayName: `Respondent ${i}`,
      language: languages[i % 4]!,
    })),
  });
  const members = await db.member.findMany({
    where: { id: { not: chair.id } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  await db.identity.createMany({
    data: members.map((m, i) => ({
      platform: 'telegram',
      externalId: `u${i}`,
      displayName: `Respondent ${i}`,
      privateChatId: `u${i}`,
      memberId: m.id,
    })),
  });
  await db.membership.createMany({
    data: members.map((m) => ({ communityId: community.id, memberId: m.id, role: 'member' as const })),
  });
  await db.library.createMany({
    data: Array.from({ length: LIBRARIES }, (_, i) => ({
      communityId: community.id,
      name: `کتابخانهٔ شمارهٔ ${i + 1}`,
      city: 'Tehran',
    })),
  });
  const libraries = await db.library.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  await db.libraryRespondent.createMany({
    data: libraries.map((l, i) => ({ communityId: community.id, libraryId: l.id, memberId: members[i]!.id })),
  });
  return { communityId: community.id, chairId: chair.id };
}

function answersFor(template: Parameters<typeof questionsOf>[0], seed: number): Record<string, RoundAnswer> {
  const answers: Record<string, RoundAnswer> = {};
  for (const { question } of questionsOf(template)) {
    if (question.type === 'number') answers[question.key] = { kind: 'number', value: (seed * 37) % 5_000 };
    else if (question.type === 'text')
      answers[question.key] = { kind: 'text', text: `تجربهٔ کتابخانهٔ ${seed}: کارگاه سواد اطلاعاتی برای دانشجویان.` };
    else if (question.type === 'single' || question.type === 'multi')
      answers[question.key] = { kind: 'choice', choices: [seed % question.options.length] };
    else if (question.type === 'scale') answers[question.key] = { kind: 'scale', value: (seed % 5) + 1 };
    else answers[question.key] = { kind: 'skipped' };
  }
  return answers;
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const db = database.prisma;
  try {
    const translator = new Translator();
    const logger = silentLogger();
    const { services } = buildFeatures(db, {
      outbox: { enqueue: async () => 0, sentMessageId: async () => null },
      translator,
      logger,
    });
    const { communityId, chairId } = await seedNetwork(db);
    const now = new Date();
    const make = (period: string, at = now) =>
      services.rounds.create({
        communityId,
        memberId: chairId,
        templateName: 'quarterly-activity',
        period,
        due: '10',
        calendar: 'persian',
        timeZone: 'Asia/Tehran',
        now: at,
        readDate: () => at,
      });
    // The previous quarter's round, made while it ran (its due date is past now).
    const previous = await make('current quarter', new Date(now.getTime() - 92 * 24 * 3600_000));
    const round = await make('current quarter');
    await db.reportRound.update({ where: { id: previous.id }, data: { openedAt: now } });

    const jobs = createRoundJobs({ db, services, translator, outbox: { wake() {} }, logger }, () => now);
    const t0 = performance.now();
    await services.rounds.openDue(now);
    await jobs.chaser.tick();
    // Opening a round wakes the job's own ticker too, which may still hold a batch: wait for it.
    await jobs.stop();
    const openMs = performance.now() - t0;
    const firstMessages = await db.outboxMessage.count();
    const planned = await db.roundReminder.count({ where: { roundId: round.id } });
    console.log(
      `report rounds, ${LIBRARIES} libraries: opening a round — ${firstMessages} first messages in the outbox ` +
        `(${planned} chases planned) in ${Math.round(openMs)} ms (aim < ${AIM_MS} ms: ${openMs < AIM_MS && firstMessages === LIBRARIES ? 'met' : 'NOT met'})`,
    );

    const libraries = await db.library.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    for (const [roundId, offset] of [
      [previous.id, 7],
      [round.id, 0],
    ] as const) {
      await db.roundSubmission.createMany({
        data: libraries.map((l, i) => ({
          roundId,
          libraryId: l.id,
          answers: answersFor(round.template, i + offset),
          submittedAt: now,
          firstSubmittedAt: now,
        })),
      });
    }
    const reader = { language: 'fa' as const, calendar: 'persian' as const, timeZone: 'Asia/Tehran' };
    await services.roundReports.compile(round, reader); // warm-up: fonts, exceljs, the chart code
    const t1 = performance.now();
    const compiled = await services.roundReports.compile(round, reader);
    const compileMs = performance.now() - t1;
    const sizes = compiled.files
      .map((f) => `${f.fileName.split('.').pop()} ${Math.round((f.contentBase64.length * 3) / 4 / 1024)} KB`)
      .join(', ');
    console.log(
      `report rounds, ${LIBRARIES} submissions × ${questionsOf(round.template).length} questions: compiling the report ` +
        `and its four files (${sizes}) in ${Math.round(compileMs)} ms (aim < ${AIM_MS} ms: ${compileMs < AIM_MS ? 'met' : 'NOT met'})`,
    );
  } finally {
    await database.close();
  }
}

await main();
