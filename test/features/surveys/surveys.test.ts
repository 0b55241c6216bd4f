import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollJobs } from '../../../src/features/polls/poll-jobs.ts';
import { loadSurveyTemplates, parseSurveyTemplate } from '../../../src/features/surveys/survey-template-loader.ts';
import { isUserError } from '../../../src/core/errors.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member } from '../polls/support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** The chair opens the example survey; returns its announcement in the group. */
async function openSurvey(chair: Person, extra = ''): Promise<SentMessage> {
  const replies = await chair.says(`/survey library-needs${extra}`, GROUP);
  const announcement = replies.find((m) => m.buttons?.flat().some((b) => b.action === 'svy.go'));
  if (!announcement) throw new Error(texts(replies));
  return announcement;
}

/** From the group announcement to the first question in the member's private chat. */
async function startAnswering(person: Person, announcement: SentMessage): Promise<SentMessage> {
  const invite = await person.presses(announcement, 0, GROUP);
  const privately = invite.find((m) => m.chatId === `dm-${person.userId}`)!;
  const started = await person.presses(privately, 0);
  return started.at(-1)!;
}

const last = (messages: SentMessage[]) => messages.at(-1)!;

/** Presses a button by its label as read: Persian labels carry direction marks around inserted text. */
async function press(person: Person, message: SentMessage, label: string, chat = privateChat(person.userId)) {
  const bare = (text: string) => text.replace(/[\u200F\u2068\u2069]/g, '');
  const index = message.buttons!.flat().findIndex((b) => bare(b.label) === label);
  if (index < 0)
    throw new Error(
      `no button ${label} among ${message
        .buttons!.flat()
        .map((b) => bare(b.label))
        .join(', ')}`,
    );
  return person.presses(message, index, chat);
}

describe('survey templates', () => {
  it('GIVEN the shipped templates THEN the library needs assessment is valid in four languages with every kind of question', () => {
    const { templates, problems } = loadSurveyTemplates();
    expect(problems).toEqual([]);
    const template = templates.get('library-needs')!;
    expect(new Set(template.questions.map((q) => q.type))).toEqual(new Set(['single', 'multiple', 'scale', 'text']));
    for (const q of template.questions) expect(Object.keys(q.text).sort()).toEqual(['en', 'fa', 'ru', 'vi']);
  });

  it('GIVEN a broken template file THEN it is reported by its name and the line of the mistake, and the others still load', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hamkar-templates-'));
    try {
      const good =
        'title: {en: T, fa: ت, vi: T, ru: Т}\nintro: {en: I, fa: م, vi: I, ru: В}\nquestions:\n  - key: q\n    type: text\n    text: {en: Q, fa: پ, vi: Q, ru: В}\n';
      await writeFile(path.join(dir, 'good.yaml'), good);
      await writeFile(
        path.join(dir, 'broken.yaml'),
        good.replace(
          '  - key: q\n    type: text',
          '  - key: q\n    type: single\n    options:\n      - {en: A, fa: الف, vi: A}',
        ),
      );
      const { templates, problems } = loadSurveyTemplates(dir);
      expect([...templates.keys()]).toEqual(['good']);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ name: 'broken', file: 'broken.yaml', line: 7 });
      expect(problems[0]!.message).toContain('questions.0.options');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const syntax = parseSurveyTemplate('typo.yaml', 'title:\n  en: [unclosed\n');
    expect(syntax).toMatchObject({ ok: false, problem: { name: 'typo', line: 3 } });
  });

  it('GIVEN a broken template WHEN a chair asks for it THEN the answer names the file, the line and the mistake', () => {
    const service = h.app.services.surveys;
    const broken = { name: 'broken', file: 'broken.yaml', line: 7, message: 'questions.0.options.0.ru: Invalid input' };
    const withProblem = Object.create(service, { problems: { value: [broken] } }) as typeof service;
    let error: unknown;
    try {
      withProblem.template('broken');
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    const text = new Translator().t(
      'en',
      (error as { key: string }).key,
      (error as { params: Record<string, unknown> }).params,
    );
    expect(text).toBe(
      'The survey template “broken” cannot be used: broken.yaml line 7: questions.0.options.0.ru: Invalid input',
    );
  });
});

describe('answering a survey', () => {
  it('GIVEN a Persian-speaking member THEN the whole example survey runs in Persian, with back, skip and every kind of question, and the report counts it', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair);
    expect(announcement.text).toContain('Survey #1: Library needs assessment (8 questions)');
    const sara = await member(h, 'sara', { name: 'Sara' });
    await sara.says('/lang fa');

    let question = await startAnswering(sara, announcement);
    expect(question.text).toContain('نیازسنجی کتابخانه‌ها');
    expect(question.text).toContain('پرسش ۱ از ۸');
    expect(question.text).toContain('نقش اصلی شما در کتابخانه چیست؟');
    question = last(await press(sara, question, 'فهرست‌نویسی و خدمات فنی')); // 1 single
    expect(question.text).toContain('پرسش ۲ از ۸');
    question = last(await press(sara, question, 'نرم‌افزارهای کتابخانه (Koha، DSpace)')); // 2 multiple: toggles
    question = last(await press(sara, question, 'آموزش سواد اطلاعاتی'));
    expect(question.buttons!.flat().filter((b) => b.label.startsWith('✅'))).toHaveLength(2);
    question = last(await press(sara, question, 'تمام'));
    question = last(await press(sara, question, '۴')); // 3 scale
    question = last(await press(sara, question, 'بازگشت ▶')); // back to 3: the earlier answer is shown
    expect(question.text).toContain('پرسش ۳ از ۸');
    expect(question.text.replace(/[\u2068\u2069]/g, '')).toContain('پاسخ شما تا اینجا: ۴');
    question = last(await press(sara, question, '۵'));
    question = last(await press(sara, question, 'رد کردن')); // 4 skipped
    question = last(await press(sara, question, 'کتابخانهٔ دیجیتال مشترک')); // 5 multiple
    question = last(await press(sara, question, 'تمام'));
    question = last(await press(sara, question, '۵')); // 6 scale
    question = last(await press(sara, question, 'صبح روزهای کاری')); // 7 single
    expect(question.text).toContain('پرسش ۸ از ۸');
    const thanks = await sara.says('به آموزش Koha و فضای بیشتر برای مخزن نیاز داریم.'); // 8 free text
    expect(texts(thanks).replace(/[\u2068\u2069]/g, '')).toContain(
      'سپاسگزاریم! پاسخ‌های شما به «نیازسنجی کتابخانه‌ها» ثبت شد.',
    );

    const response = await h.prisma.surveyResponse.findFirstOrThrow({
      include: { answers: { include: { question: true }, orderBy: { question: { position: 'asc' } } } },
    });
    expect(response.submittedAt).not.toBeNull();
    expect(
      response.answers.map((a) => [a.question.key, a.skipped ? 'skip' : (a.text ?? a.scale ?? a.choices.join('+'))]),
    ).toEqual([
      ['role', '2'],
      ['training', '1+2'],
      ['resources-fit', 5],
      ['resources-needed', 'skip'],
      ['shared-services', '0'],
      ['digital-library-priority', 5],
      ['meeting-time', '0'],
      ['comments', 'به آموزش Koha و فضای بیشتر برای مخزن نیاز داریم.'],
    ]);
    expect(await h.prisma.conversation.count()).toBe(0);

    const report = await chair.says('/results 1', GROUP);
    expect(report[0]!.text).toContain('1 response from 2 members (50%); none in progress.');
    const charts = report.filter((m) => m.file?.mimeType === 'image/png');
    expect(charts).toHaveLength(7); // every choice and scale question
    expect(texts(report)).toContain('Information literacy teaching — 1 (100%)');
    expect(texts(report)).toContain('به آموزش Koha');

    const file = (await chair.says('/export 1', GROUP)).find((m) => m.file)!;
    const csv = Buffer.from(file.file!.contentBase64, 'base64').toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Sara (#');
    expect(rows[1]).toContain('Library software (Koha, DSpace); Information literacy teaching');

    const again = texts(await sara.presses(announcement, 0, GROUP)).replace(/[\u2068\u2069]/g, '');
    expect(again).toContain('شما پیش از این به پرسش‌نامهٔ #۱ پاسخ داده‌اید');
  });

  it('GIVEN a member half-way WHEN the bot restarts THEN they continue where they were, by button or by typing', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair);
    const reza = await member(h, 'reza');
    let question = await startAnswering(reza, announcement);
    question = last(await reza.presses(question, 'Other'));
    question = last(await reza.presses(question, 'Stop for now'));
    expect(question.text).toContain('Your answers so far are kept (1 of 8)');

    await h.restart();
    question = last(await reza.presses(question, 'Continue'));
    expect(question.text).toContain('question 2 of 8');
    for (const label of ['Done', '3', 'Skip', 'Done', '2', 'Weekends'])
      question = last(await reza.presses(question, label));
    expect(question.text).toContain('question 8 of 8');

    await h.restart();
    expect(texts(await reza.says('Nothing more, thank you.'))).toContain(
      'Your answers to “Library needs assessment” are submitted.',
    );
    const response = await h.prisma.surveyResponse.findFirstOrThrow({ include: { answers: true } });
    expect(response.submittedAt).not.toBeNull();
    expect(response.answers).toHaveLength(8);
  });

  it('GIVEN a member half-way WHEN they send /cancel THEN they are told their answers are kept, and Continue goes on', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair);
    const reza = await member(h, 'reza');
    let question = await startAnswering(reza, announcement);
    question = last(await reza.presses(question, 'Other'));
    const cancelled = last(await reza.says('/cancel'));
    expect(cancelled.text).toContain('Your answers so far are kept (1 of 8)');
    expect(cancelled.text).not.toContain('Nothing was saved');
    expect(await h.prisma.conversation.count()).toBe(0);
    expect(await h.prisma.surveyAnswer.count()).toBe(1);
    question = last(await reza.presses(cancelled, 'Continue'));
    expect(question.text).toContain('question 2 of 8');
  });

  it('GIVEN an old button or someone else’s button THEN nothing moves and the member sees where they are', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair);
    const sara = await member(h, 'sara');
    const first = await startAnswering(sara, announcement);
    await sara.presses(first, 'Other');
    const stale = await sara.presses(first, 'Other');
    expect(texts(stale)).toContain('That button was for an earlier question');
    expect(texts(stale)).toContain('question 2 of 8');
    const intruder = await member(h, 'intruder');
    expect(texts(await intruder.presses(first, 'Other'))).toContain('does not belong to a survey of your community');
    const answers = await h.prisma.surveyAnswer.count();
    expect(answers).toBe(1);
  });
});

describe('closing and reminding', () => {
  it('GIVEN members who answered and who did not THEN /nudge reminds the reachable ones privately and counts the unreachable', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair);
    await member(h, 'reachable');
    await member(h, 'silent', { reachable: false });
    const replies = await chair.says('/nudge 1', GROUP);
    expect(texts(replies)).toContain('#1: 2 members reminded privately; 1 member I cannot write to');
    const reminder = replies.find((m) => m.chatId === 'dm-reachable')!;
    expect(reminder.text).toContain('you have not finished survey #1');
    const started = await h.person('reachable').presses(reminder, 'Answer privately', privateChat('reachable'));
    expect(texts(started)).toContain('question 1 of 8');
    expect(announcement).toBeTruthy();
  });

  it('GIVEN --until WHEN the scheduler passes the deadline THEN the survey closes once, the groups are told, and answering is refused', async () => {
    const { chair } = await communityWithChair(h);
    const announcement = await openSurvey(chair, ' --until 2d');
    const sara = await member(h, 'sara');
    const deadlines = pollJobs(h.app.services, () => new Date(Date.now() + 3 * 24 * 3600_000)).find(
      (j) => j.name === 'poll-deadlines',
    )!;
    const before = h.adapter.sent.length;
    await h.app.scheduler.runOnce(deadlines);
    await h.app.scheduler.runOnce(deadlines);
    await h.app.outbox.drain();
    const notices = h.adapter.sent
      .slice(before)
      .filter((m) => m.text.includes('Survey #1 “Library needs assessment” is closed'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.chatId).toBe(GROUP.chatId);
    expect(texts(await sara.presses(announcement, 0, GROUP))).toContain('Survey #1 is closed');
  });
});
