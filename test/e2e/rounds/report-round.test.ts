import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { toJalaali } from 'jalaali-js';
import { Temporal } from 'temporal-polyfill';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import * as tg from '../../fakes/telegram/updates.ts';
import { baleGroup, baleText } from '../../fakes/telegram/bale-updates.ts';
import * as dc from '../../fakes/discord/wire-objects.ts';
import { storedJoinCode } from '../../support/join-code.ts';
import { librariesCsv, MEMBER_LIBRARIES, type Language } from './member-libraries.ts';
import { RoundAnswering, type Figures } from './round-answering.ts';
import { step, STRING, ThreePlatforms, until, type Chatter, type PlatformName } from './round-platforms.ts';

/**
 * Issue 17, "Must show", first item: the real bot process (src/main.ts, on the real clock) on Telegram,
 * Bale and Discord at once, each against its loopback fake, one community across the three with 40
 * member libraries imported from CSV. The chair makes the quarterly round for this Jalali quarter; 32
 * libraries answer through the bot, four of them twice, by two respondents on two platforms (one
 * submission, the later version kept); at the due date only the respondents of the 8 missing libraries
 * are reminded, once each; `/round status` shows 80 % and the 8 names; `/round report` sends the files
 * privately, and the XLSX (read with exceljs) and the CSV hold the figures the respondents typed.
 */

const TEMPLATE_FILE = fileURLToPath(
  new URL('../../../src/features/rounds/templates/quarterly-activity.yaml', import.meta.url),
);
const ZONE = 'Asia/Tehran';
/** Libraries (by their place in MEMBER_LIBRARIES) that never answer: two of each language. */
const MISSING = new Set([4, 9, 14, 19, 24, 29, 34, 39]);
/** Libraries with a second respondent, on another platform than the first. Library 4 is a missing one. */
const SECOND_RESPONDENT = new Map<number, PlatformName>([
  [0, 'discord'],
  [1, 'telegram'],
  [2, 'bale'],
  [13, 'telegram'],
  [4, 'discord'],
]);
const FIRST_PLATFORMS = ['telegram', 'bale', 'discord'] as const;
/**
 * How many respondents go at once: the bot paces each private chat at a message a second, so answering
 * takes a library some 15 s however fast the machine is. All 32 answering libraries at once is some 11
 * messages a second on each platform, far from Telegram's 30; on a loaded 2-core machine they answered
 * in 29 s, where twelve at a time took three such rounds (41 s).
 */
const AT_ONCE = 32;

/** What each library's first respondent types, and what a second respondent changes it to. */
const firstFigures = (library: number): Figures => ({ visits: 120 + 37 * library, loans: 40 + 13 * library });
const laterFigures = (library: number): Figures => ({ visits: 1_120 + 37 * library, loans: 290 + 13 * library });

interface Respondent {
  library: number;
  language: Language;
  chatter: Chatter;
  /** Their account on their platform. */
  userId: string;
  /** Joins the community (a message in its group there), says their language and their library. */
  join(): Promise<void>;
}

/** The shipped template's questions in order (which are required, which are numbers). */
function templateQuestions(): Array<{ key: string; type: string; required: boolean }> {
  const template = parseYaml(readFileSync(TEMPLATE_FILE, 'utf8')) as {
    sections: Array<{ questions: Array<{ key: string; type: string; required?: boolean }> }>;
  };
  return template.sections.flatMap((s) => s.questions.map((q) => ({ ...q, required: q.required ?? false })));
}

/** Today's Jalali quarter in Tehran as a period label (`1405-Q3` on 16 Azar 1405): the test runs on any day. */
function currentJalaliQuarter(): string {
  const today = Temporal.Now.plainDateISO(ZONE);
  const { jy, jm } = toJalaali(today.year, today.month, today.day);
  return `${jy}-Q${Math.ceil(jm / 3)}`;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

let platforms: ThreePlatforms | undefined;
afterEach(async () => {
  await platforms?.close();
  platforms = undefined;
});

describe('a report round across Telegram, Bale and Discord (issue 17)', () => {
  it(
    'GIVEN 40 libraries imported by CSV and their respondents on three platforms WHEN 32 answer (4 twice, on two platforms) ' +
      'THEN one submission each keeps the later version, only the 8 missing are reminded at the due date, once each, ' +
      'the status shows 80 % and their names, and the XLSX and CSV hold the sums of what was typed',
    async () => {
      const questions = templateQuestions();
      // Only the visits are required: respondents type them and the loans, and skip the rest.
      expect(questions.filter((q) => q.required).map((q) => q.key)).toEqual(['visits']);
      expect(questions.slice(0, 2).map((q) => [q.key, q.type])).toEqual([
        ['visits', 'number'],
        ['loans', 'number'],
      ]);

      const p = (platforms = await ThreePlatforms.start());
      const { telegram, bale, discord, db, bot } = p;
      const app = discord.applicationId;

      // The community: made in the Telegram group, joined by a Bale group and a Discord server.
      const telegramGroup = tg.group(-1001717000000, 'Library network');
      const baleGroupChat = baleGroup(-8170000, 'شبکهٔ کتابخانه‌ها');
      const leila = tg.person(1701, 'Leila', { language_code: 'en' });
      const reza = tg.person(1702, 'Reza', { language_code: 'fa' });
      const hoa = dc.person('hoa', { globalName: 'Hoa', locale: 'vi' });
      const chair = p.telegramChatter(leila);
      telegram.memberStatus.set(`${telegramGroup.id}:${leila.id}`, 'creator');
      bale.memberStatus.set(`${baleGroupChat.id}:${reza.id}`, 'creator');
      const groupSays = async (text: string, reply: RegExp) => {
        const before = telegram.deliveredTo(telegramGroup.id).length;
        await p.telegramUpdate(tg.textMessage(telegramGroup, leila, text));
        await until(
          `the group's answer to ${text}`,
          () =>
            telegram
              .deliveredTo(telegramGroup.id)
              .slice(before)
              .find((m) => reply.test(m.text)),
          bot,
        );
      };
      const chairSays = (text: string, reply: RegExp) =>
        step(
          chair,
          `the answer to ${text.split('\n')[0]}`,
          () => chair.say(text),
          (m) => reply.test(m.text),
          bot,
        );

      await groupSays('/setup new Library network', /Library network/);
      // Jalali: the round's period is a Jalali quarter of the community's zone.
      await groupSays('/setup calendar persian | tz Asia/Tehran', /time zone is now/);
      await p.baleUpdate(baleText(baleGroupChat, reza, `/setup join ${await storedJoinCode(db.prisma)}`));
      await p.discordInteraction(
        dc.slashCommand(app, hoa, { ...p.general, permissions: dc.ADMIN_PERMISSIONS }, 'setup', [
          { name: 'join', type: STRING, value: await storedJoinCode(db.prisma, 'JQ2K7M9Y') },
        ]),
      );
      await until(
        'the three chats bound to the community',
        async () => (await db.prisma.chat.count({ where: { communityId: { not: null } } })) === 3,
        bot,
      );
      const community = await db.prisma.community.findFirstOrThrow();
      expect([community.calendar, community.timeZone]).toEqual(['persian', ZONE]);

      // No quiet hours, no holidays: the run must not depend on the hour or the day it happens.
      await chairSays('/holidays quiet off', /Quiet hours are off/);
      await chairSays('/holidays country none', /Days off are now only the days the admins added/);
      await chairSays(`/library import\n${librariesCsv(MEMBER_LIBRARIES)}`, /Imported: 40 new libraries, 0 updated\./);
      const libraries = await db.prisma.library.findMany({ where: { communityId: community.id } });
      expect(libraries.map((l) => l.name).sort()).toEqual(MEMBER_LIBRARIES.map((l) => l.name).sort());
      const idOfLibrary = (library: number) => libraries.find((l) => l.name === MEMBER_LIBRARIES[library]!.name)!.id;

      // A respondent per library, in turn on each platform, each in their library's language.
      let people = 0;
      const respondent = (platform: PlatformName, library: number): Respondent => {
        const { name, language } = MEMBER_LIBRARIES[library]!;
        const n = ++people;
        const displayName = `Respondent ${n}`;
        if (platform === 'discord') {
          // Discord has no Persian client: a Persian speaker's Discord says en-US, and /lang fa says the rest.
          const user = dc.person(`respondent${n}`, {
            globalName: displayName,
            locale: language === 'fa' ? 'en-US' : language,
          });
          const dm = { dmChannelId: discord.dmChannelOf(user) };
          return {
            library,
            language,
            chatter: p.discordChatter(user),
            userId: user.id,
            join: async () => {
              // The command in the server's channel makes them a member; the bot opens their DM for itself.
              await p.discordInteraction(
                dc.slashCommand(app, user, p.general, 'library', [{ name: 'name', type: STRING, value: name }]),
              );
              if (language === 'en') return;
              await p.discordInteraction(
                dc.slashCommand(app, user, dm, 'lang', [{ name: 'language', type: STRING, value: language }]),
              );
            },
          };
        }
        const user = tg.person((platform === 'telegram' ? 5000 : 6000) + n, displayName, { language_code: language });
        const chatter = platform === 'telegram' ? p.telegramChatter(user) : p.baleChatter(user);
        return {
          library,
          language,
          chatter,
          userId: String(user.id),
          join: async () => {
            // Writing in the community's group makes them a member (the bot reads the group as its admin).
            if (platform === 'telegram') await p.telegramUpdate(tg.textMessage(telegramGroup, user, 'Hello everyone'));
            else await p.baleUpdate(baleText(baleGroupChat, user, 'سلام به همه'));
            if (language !== 'en') {
              await step(
                chatter,
                '/lang',
                () => chatter.say(`/lang ${language}`),
                () => true,
                bot,
              );
            }
            await step(
              chatter,
              '/library NAME',
              () => chatter.say(`/library ${name}`),
              (m) => m.text.includes(name),
              bot,
            );
          },
        };
      };
      const first = MEMBER_LIBRARIES.map((_, library) => respondent(FIRST_PLATFORMS[library % 3]!, library));
      const second = new Map([...SECOND_RESPONDENT].map(([library, on]) => [library, respondent(on, library)]));
      for (const [library, other] of second) expect(other.chatter.platform).not.toBe(first[library]!.chatter.platform);
      const everyone = [...first, ...second.values()];
      const groupMessages = () => [
        telegram.deliveredTo(telegramGroup.id).length,
        bale.deliveredTo(baleGroupChat.id).length,
      ];
      const groupMessagesBefore = groupMessages();
      await inPool(everyone, AT_ONCE, (r) => r.join());
      expect(await db.prisma.libraryRespondent.count({ where: { communityId: community.id } })).toBe(45);

      // The round, for this Jalali quarter: it opens at once and asks every library's respondents.
      const period = currentJalaliQuarter();
      const created = await chairSays(`/round new quarterly-activity ${period}`, /Round #\d+ made/);
      expect(created.text).toContain('It asks 40 libraries');
      const roundId = Number(/Round #(\d+) made/.exec(created.text)![1]);
      const round = await db.prisma.reportRound.findUniqueOrThrow({ where: { id: roundId } });
      expect([round.periodKind, round.periodLabel]).toEqual(['jalali-quarter', period]);
      const answering = new RoundAnswering(roundId, questions.length, bot);
      for (const r of everyone) {
        await until(
          `the round's opening message to ${r.chatter.name} on ${r.chatter.platform}`,
          () => r.chatter.received().some((m) => m.payloads.includes(answering.startButton)),
          bot,
        );
      }

      // 32 libraries answer; where there is a second respondent, they then change both figures.
      const answered = MEMBER_LIBRARIES.map((_, library) => library).filter((library) => !MISSING.has(library));
      expect(answered).toHaveLength(32);
      await inPool(answered, AT_ONCE, async (library) => {
        await answering.answer(first[library]!, firstFigures(library));
        const other = second.get(library);
        if (other) await answering.answerAgain(other, laterFigures(library));
      });
      const kept = (library: number) => (second.has(library) ? laterFigures(library) : firstFigures(library));

      // One submission per library; answered twice: version 2, both versions kept, the later one's answers.
      const memberOf = async (r: Respondent) =>
        (
          await db.prisma.identity.findFirstOrThrow({
            where: { platform: r.chatter.platform, externalId: r.userId },
          })
        ).memberId;
      const submissions = await db.prisma.roundSubmission.findMany({
        where: { roundId },
        include: { versions: { orderBy: { version: 'asc' } } },
      });
      expect(submissions).toHaveLength(32);
      for (const library of answered) {
        const name = MEMBER_LIBRARIES[library]!.name;
        const submission = submissions.find((s) => s.libraryId === idOfLibrary(library));
        expect(submission, name).toBeDefined();
        const answers = submission!.answers as Record<string, { value?: number }>;
        expect({ visits: answers.visits?.value, loans: answers.loans?.value }, name).toEqual(kept(library));
        const other = second.get(library);
        expect(
          submission!.versions.map((v) => v.version),
          name,
        ).toEqual(other ? [1, 2] : [1]);
        expect(submission!.version, name).toBe(other ? 2 : 1);
        if (!other) continue;
        const [v1, v2] = submission!.versions;
        expect((v1!.answers as Record<string, { value?: number }>).visits?.value).toBe(firstFigures(library).visits);
        expect((v2!.answers as Record<string, { value?: number }>).visits?.value).toBe(laterFigures(library).visits);
        expect([v1!.submittedById, v2!.submittedById]).toEqual([
          await memberOf(first[library]!),
          await memberOf(other),
        ]);
        expect(submission!.submittedById).toBe(await memberOf(other));
        // On time or late is judged by the first version.
        expect(submission!.firstSubmittedAt).toEqual(v1!.submittedAt);
      }

      // The due date comes: the round's "due" chases are moved to now, as the real clock would bring them.
      const dueAt = Date.now();
      await db.prisma
        .$executeRaw`UPDATE "RoundReminder" SET "dueAt" = now() WHERE stage = 'due' AND "roundId" = ${roundId}`;
      await until(
        'every due chase handled',
        async () =>
          (await db.prisma.roundReminder.count({ where: { roundId, stage: 'due', status: 'planned' } })) === 0,
        bot,
      );
      const missingRespondents = everyone.filter((r) => MISSING.has(r.library));
      expect(missingRespondents).toHaveLength(9);
      const sinceDue = (r: Respondent) => r.chatter.received().filter((m) => m.at >= dueAt);
      for (const r of missingRespondents) {
        await until(
          `the due reminder to ${r.chatter.name} on ${r.chatter.platform}`,
          () => sinceDue(r).length > 0,
          bot,
        );
      }
      const dueChases = await db.prisma.roundReminder.findMany({ where: { roundId, stage: 'due' } });
      const withStatus = (status: string) => dueChases.filter((c) => c.status === status).map((c) => c.memberId);
      const memberIds = async (rs: Respondent[]) => (await Promise.all(rs.map(memberOf))).sort();
      expect(withStatus('sent').sort()).toEqual(await memberIds(missingRespondents));
      expect(withStatus('skipped')).toHaveLength(36);
      // Exactly once: with nothing left in the outbox, each chat counts what it received.
      await until(
        'the outbox emptied',
        async () => (await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0,
        bot,
      );
      for (const r of missingRespondents) {
        const reminders = sinceDue(r);
        expect(reminders, `${r.chatter.name} of a missing library`).toHaveLength(1);
        expect(reminders[0]!.payloads).toContain(answering.startButton);
        expect(reminders[0]!.text).toContain(MEMBER_LIBRARIES[r.library]!.name);
      }
      for (const r of everyone.filter((r) => !MISSING.has(r.library))) {
        expect(sinceDue(r), `${r.chatter.name} of a library that answered`).toHaveLength(0);
      }
      // And before it, the opening message had reached everyone once.
      for (const r of everyone) {
        const opening = r.chatter.received().filter((m) => m.at < dueAt && m.payloads.includes(answering.startButton));
        expect(opening, r.chatter.name).toHaveLength(1);
      }

      // The status: 80 % reported, and the 8 missing by name.
      const status = await chairSays(`/round status ${roundId}`, /Reporting rate/);
      expect(status.text).toContain('40 libraries expected: 32 on time, 0 late, 8 missing.');
      expect(status.text).toContain('Reporting rate: 80%; on time: 80%.');
      expect(status.text).toContain('Still missing (8):');
      const listed = status.text
        .split('\n')
        .filter((line) => line.startsWith('• '))
        .map((line) => line.slice(2).replace(/[\u2066-\u2069\u200e\u200f]/g, ''));
      expect(listed.sort()).toEqual(
        MEMBER_LIBRARIES.filter((_, i) => MISSING.has(i))
          .map((l) => l.name)
          .sort(),
      );

      // The report, privately: a summary, then the files.
      const before = telegram.deliveredTo(leila.id).length;
      await chairSays(`/round report ${roundId}`, /Compiled report of round/);
      const files = await until(
        'the report files',
        () => {
          const documents = telegram
            .deliveredTo(leila.id)
            .slice(before)
            .filter((m) => m.file);
          return documents.length >= 4 && documents;
        },
        bot,
      );
      const file = (extension: string) => {
        const found = files.find((m) => m.file!.filename.endsWith(extension));
        expect(found, `a ${extension} file`).toBeDefined();
        return found!.file!.bytes;
      };
      const sum = (key: keyof Figures) => answered.reduce((total, library) => total + kept(library)[key], 0);

      // The XLSX, read with a real reader: the summary's sums, and each library's own figures.
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file('.xlsx') as unknown as ExcelJS.Buffer);
      const summary = workbook.worksheets[0]!;
      expect(summary.getRow(1).values).toEqual(expect.arrayContaining(['Question', 'Answered', 'Sum']));
      const summaryRow = (heading: string) => {
        const rows: ExcelJS.Row[] = [];
        summary.eachRow((row) => void (String(row.getCell(2).value).startsWith(heading) && rows.push(row)));
        expect(rows, heading).toHaveLength(1);
        return rows[0]!;
      };
      // Columns: section, question, unit, answered, sum.
      const visits = summaryRow('1. How many visits');
      const loans = summaryRow('2. How many items were lent');
      expect([visits.getCell(4).value, visits.getCell(5).value]).toEqual([32, sum('visits')]);
      expect([loans.getCell(4).value, loans.getCell(5).value]).toEqual([32, sum('loans')]);
      // The section's sheet: library, city, status, then its questions (visits, loans …).
      const services = workbook.getWorksheet('Services');
      expect(services).toBeDefined();
      const byLibrary = new Map<string, unknown[]>();
      services!.eachRow((row, n) => {
        if (n > 1) byLibrary.set(String(row.getCell(1).value), [row.getCell(4).value, row.getCell(5).value]);
      });
      expect(byLibrary.size).toBe(40);
      for (const [library, { name }] of MEMBER_LIBRARIES.entries()) {
        const figures = MISSING.has(library) ? [null, null] : [kept(library).visits, kept(library).loans];
        expect(byLibrary.get(name), name).toEqual(figures);
      }
      expect(workbook.getWorksheet('Completeness')?.rowCount).toBe(41);

      // The CSV: a header and a row per library, whose columns add up to the same sums.
      const csv = parseCsv(file('.csv').toString('utf8'), { bom: true }) as string[][];
      expect(csv).toHaveLength(41);
      const [header, ...rows] = csv as [string[], ...string[][]];
      const column = (heading: string) => header.findIndex((h) => h.startsWith(heading));
      const csvSum = (index: number) => rows.reduce((total, row) => total + Number(row[index] || 0), 0);
      expect(csvSum(column('1. How many visits'))).toBe(sum('visits'));
      expect(csvSum(column('2. How many items were lent'))).toBe(sum('loans'));
      expect(rows.map((row) => row[0]).sort()).toEqual(MEMBER_LIBRARIES.map((l) => l.name).sort());

      // The groups heard none of it: joining, answering, reminders and the report were all private.
      expect(groupMessages()).toEqual(groupMessagesBefore);
    },
    300_000,
  );
});
