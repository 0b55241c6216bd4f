import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAllPages } from '../../src/web/pages/all-pages.ts';
import { PageRegistry, type PageSpec } from '../../src/web/web-pages.ts';
import { privateChat, type Person } from '../support/harness.ts';
import { chairAdminFixture, filesSentTo, type ChairAdminFixture } from './chair-admin-fixture.ts';
import { CookieJar, WebHarness } from './web-harness.ts';

/**
 * The chair's pages: polls, surveys and report rounds with their charts, each round's completeness
 * matrix and libraries' answers, and every export — whose bytes are those the chat sends.
 */
let w: WebHarness;
let f: ChairAdminFixture;
const jars = new Map<string, CookieJar>();

beforeAll(async () => {
  w = await WebHarness.create();
  f = await chairAdminFixture(w);
  for (const [role, person] of Object.entries(f.people)) jars.set(role, await w.signIn(person));
}, 120_000);
afterAll(() => w.close());

function jar(role: keyof ChairAdminFixture['people']): CookieJar {
  return jars.get(role)!;
}

const CHAIR_PREFIXES = ['/polls', '/surveys', '/rounds', '/exports'];

function chairPages(): PageSpec[] {
  const registry = new PageRegistry();
  registerAllPages(registry);
  return registry.pages.filter((spec) => CHAIR_PREFIXES.some((prefix) => spec.path.startsWith(prefix)));
}

/** A chair page's path in a community, its parameters given the fixture's ids. */
function pathOf(spec: PageSpec, communityId: number): string {
  const values: Record<string, string> = {
    poll: String(f.pollId),
    survey: String(f.surveyId),
    round: String(f.roundId),
    library: String(f.libraries.central),
    format: spec.path.startsWith('/exports') ? 'csv' : 'xlsx',
    archive: 'polls',
  };
  return `/c/${communityId}${spec.path.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name]!)}`;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('who may open the chair’s pages', () => {
  it('GIVEN every chair page THEN a member and a curator get 403, a chair and an admin get it, and the admin of another community gets 403', async () => {
    const specs = chairPages();
    expect(specs.map((s) => s.path)).toEqual(
      expect.arrayContaining([
        '/polls',
        '/polls/:poll',
        '/polls/:poll/votes.csv',
        '/polls/:poll/chart.png',
        '/surveys',
        '/surveys/:survey',
        '/surveys/:survey/answers.csv',
        '/rounds',
        '/rounds/:round',
        '/rounds/:round/libraries/:library',
        '/rounds/:round/download/:format',
        '/exports',
        '/exports/:archive/:format',
      ]),
    );
    const statuses: Record<string, Record<string, number>> = {};
    for (const spec of specs) {
      expect(spec.role).toBe('chair');
      const path = pathOf(spec, f.readers);
      for (const role of ['member', 'curator', 'chair', 'admin', 'outsider'] as const) {
        const response = await w.request(jar(role), 'GET', path);
        (statuses[spec.path] ??= {})[role] = response.statusCode;
        if (role === 'outsider') expect(response.body).toContain('a community you are not a member of');
      }
    }
    for (const [path, byRole] of Object.entries(statuses)) {
      expect(byRole, path).toEqual({ member: 403, curator: 403, chair: 200, admin: 200, outsider: 403 });
    }
  });

  it('GIVEN the admin of another community on their own pages THEN this community’s poll, survey and round ids are not found there', async () => {
    for (const path of [
      `/c/${f.archives}/polls/${f.pollId}`,
      `/c/${f.archives}/polls/${f.pollId}/votes.csv`,
      `/c/${f.archives}/surveys/${f.surveyId}/answers.csv`,
      `/c/${f.archives}/rounds/${f.roundId}`,
      `/c/${f.archives}/rounds/${f.roundId}/download/xlsx`,
    ]) {
      const response = await w.request(jar('outsider'), 'GET', path);
      expect(response.statusCode, path).toBe(404);
    }
  });
});

describe('polls', () => {
  it('GIVEN a poll with two votes THEN its page shows the counts and the chart as inline SVG from the chat’s chart code', async () => {
    const list = await w.request(jar('chair'), 'GET', `/c/${f.readers}/polls`);
    expect(list.body).toContain(`href="/c/${f.readers}/polls/${f.pollId}"`);
    const page = await w.request(jar('chair'), 'GET', `/c/${f.readers}/polls/${f.pollId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /<svg class="chart" role="img" aria-label="Chart of the votes: Which day suits the webinar\?"/,
    );
    // The chart's own texts: the poll's title line, both options with their counts, the footer.
    expect(page.body).toContain(`#${f.pollId} Which day suits the webinar?`);
    expect(page.body).toContain('1 (50%)');
    expect(text(page.body)).toContain('2 voters of 4 members (50%).');
    expect(page.body).not.toMatch(/\sstyle=/);
  });

  it('GIVEN the chair’s /export ID and /results ID in chat THEN the votes’ CSV and the chart’s PNG downloaded here are the same bytes', async () => {
    const before = w.bot.adapter.sent.length;
    await f.people.chair.says(`/export ${f.pollId}`, privateChat(f.people.chair.userId));
    await f.people.chair.says(`/results ${f.pollId}`, privateChat(f.people.chair.userId));
    const [csv, png] = filesSentTo(w, f.people.chair, before);
    const webCsv = await w.request(jar('chair'), 'GET', `/c/${f.readers}/polls/${f.pollId}/votes.csv`);
    expect(webCsv.headers['content-disposition']).toContain(`filename="${csv!.fileName}"`);
    expect(webCsv.rawPayload.equals(csv!.bytes)).toBe(true);
    expect(webCsv.body).toContain('Sara');
    const webPng = await w.request(jar('chair'), 'GET', `/c/${f.readers}/polls/${f.pollId}/chart.png`);
    expect(webPng.headers['content-type']).toBe('image/png');
    expect(webPng.rawPayload.equals(png!.bytes)).toBe(true);
  });
});

describe('surveys', () => {
  it('GIVEN an open survey with one answer THEN its page charts the choice questions and lists the free-text answers; the CSV is /export’s', async () => {
    const survey = await w.bot.prisma.survey.findUniqueOrThrow({
      where: { id: f.surveyId },
      include: { questions: { orderBy: { position: 'asc' } } },
    });
    const member = await w.bot.prisma.member.findFirstOrThrow({ where: { displayName: 'Sara' } });
    const first = survey.questions[0]!;
    const textQuestion = survey.questions.find((q) => q.kind === 'text')!;
    const progress = await w.bot.app.services.surveys.begin(f.surveyId, member.id);
    expect(progress).toBeDefined();
    const response = await w.bot.prisma.surveyResponse.findFirstOrThrow({ where: { surveyId: f.surveyId } });
    await w.bot.prisma.surveyAnswer.createMany({
      data: [
        { responseId: response.id, questionId: first.id, choices: [1], skipped: false },
        {
          responseId: response.id,
          questionId: textQuestion.id,
          choices: [],
          text: 'More training on <b>RDA</b>',
          skipped: false,
        },
      ],
    });
    await w.bot.prisma.surveyResponse.update({ where: { id: response.id }, data: { submittedAt: new Date() } });

    const page = await w.request(jar('chair'), 'GET', `/c/${f.readers}/surveys/${f.surveyId}`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('1 response from 4 members (25%); none in progress.');
    expect(page.body.match(/<svg class="chart"/g)?.length).toBe(
      survey.questions.filter((q) => q.kind !== 'text').length,
    );
    expect(page.body).toContain('More training on &lt;b&gt;RDA&lt;/b&gt;');

    const before = w.bot.adapter.sent.length;
    await f.people.chair.says(`/export ${f.surveyId}`, privateChat(f.people.chair.userId));
    const [csv] = filesSentTo(w, f.people.chair, before);
    const web = await w.request(jar('chair'), 'GET', `/c/${f.readers}/surveys/${f.surveyId}/answers.csv`);
    expect(web.rawPayload.equals(csv!.bytes)).toBe(true);
    expect(web.body).toContain('More training on <b>RDA</b>');
  });
});

describe('report rounds', () => {
  it('GIVEN a round with one library on time, one late and one missing THEN the matrix names each with its status, and the rates and missing list are there', async () => {
    const list = await w.request(jar('chair'), 'GET', `/c/${f.readers}/rounds`);
    expect(list.body).toContain(`href="/c/${f.readers}/rounds/${f.roundId}"`);
    const page = await w.request(jar('chair'), 'GET', `/c/${f.readers}/rounds/${f.roundId}`);
    expect(page.statusCode).toBe(200);
    const rows = [
      ...page.body.matchAll(
        /<tr>\s*<th scope="row"><a href="[^"]+"><bdi>([^<]+)<\/bdi><\/a><\/th>\s*<td><bdi>([^<]*)<\/bdi><\/td>\s*<td><span class="status status-([a-z-]+)">/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ['Central Library', 'Hanoi', 'on-time'],
      ['Hue University Library', '', 'late'],
      ['Vinh Library', '', 'missing'],
    ]);
    const shown = text(page.body);
    expect(shown).toContain('Reporting rate 66.7%');
    expect(shown).toContain('Still missing (1) Vinh Library');
    // The completeness chart and the charts of the single, multi and scale questions.
    expect(page.body.match(/<svg class="chart"/g)?.length).toBe(4);
    expect(shown).toMatch(/1\. Visits \(visits\) 2 2,000 1,000 1,000 800 1,200/);
    expect(shown).toContain('A reading club for teenagers.');
  });

  it('GIVEN a library of the round THEN its page shows its answers; a library of no round’s audience is not found', async () => {
    const page = await w.request(
      jar('chair'),
      'GET',
      `/c/${f.readers}/rounds/${f.roundId}/libraries/${f.libraries.hue}`,
    );
    const shown = text(page.body);
    expect(shown).toContain('Hue University Library');
    expect(shown).toContain('Late');
    expect(shown).toMatch(/Visits \(visits\) 800/);
    expect(shown).toMatch(/Training hours Skipped/);
    expect(shown).toMatch(/Main activity Training/);
    const other = await w.bot.prisma.library.create({ data: { communityId: f.archives, name: 'Elsewhere' } });
    const refused = await w.request(jar('chair'), 'GET', `/c/${f.readers}/rounds/${f.roundId}/libraries/${other.id}`);
    expect(refused.statusCode).toBe(404);
  });

  it('GIVEN /round report ID in chat and the downloads here made at the same clock THEN the XLSX, CSV, HTML and Markdown are the same bytes, and the XLSX’s figures read back', async () => {
    const chair = f.people.chair;
    // The XLSX carries its making time (the workbook's dates, the zip entries' times): both are made
    // at one frozen clock, so that every byte can be compared.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
    try {
      const before = w.bot.adapter.sent.length;
      await chair.says(`/round report ${f.roundId}`, privateChat(chair.userId));
      const fromChat = filesSentTo(w, chair, before);
      expect(fromChat.map((file) => file.fileName)).toEqual([
        `round-${f.roundId}-1405-Q3.md`,
        `round-${f.roundId}-1405-Q3.html`,
        `round-${f.roundId}-1405-Q3.csv`,
        `round-${f.roundId}-1405-Q3.xlsx`,
      ]);
      for (const file of fromChat) {
        const format = file.fileName.split('.').pop()!;
        const web = await w.request(jar('chair'), 'GET', `/c/${f.readers}/rounds/${f.roundId}/download/${format}`);
        expect(web.statusCode, format).toBe(200);
        expect(web.headers['content-disposition']).toContain(`filename="${file.fileName}"`);
        expect(web.rawPayload.equals(file.bytes), format).toBe(true);
      }
      const xlsx = await w.request(jar('chair'), 'GET', `/c/${f.readers}/rounds/${f.roundId}/download/xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const summary = workbook.worksheets[0]!;
      const visits = summary
        .getRows(2, summary.rowCount - 1)!
        .find((row) => String(row.getCell(2).value).includes('Visits'))!;
      const headers = summary.getRow(1).values as unknown[];
      const sumColumn = headers.indexOf('Sum');
      expect(visits.getCell(sumColumn).value).toBe(2000);
      const figures = workbook.getWorksheet('Figures')!;
      const byLibrary = Object.fromEntries(
        figures.getRows(2, figures.rowCount - 1)!.map((row) => [String(row.getCell(1).value), row.getCell(4).value]),
      );
      expect(byLibrary).toEqual({ 'Central Library': 1200, 'Hue University Library': 800, 'Vinh Library': null });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the archives', () => {
  it('GIVEN /export polls csv and json in chat THEN the downloads here are the same files (the JSON’s exportedAt aside, made at another instant)', async () => {
    const chair: Person = f.people.chair;
    const before = w.bot.adapter.sent.length;
    await chair.says('/export polls csv', privateChat(chair.userId));
    await chair.says('/export polls json', privateChat(chair.userId));
    const [csv, json] = filesSentTo(w, chair, before);
    const webCsv = await w.request(jar('chair'), 'GET', `/c/${f.readers}/exports/polls/csv`);
    expect(webCsv.headers['content-disposition']).toContain(`filename="${csv!.fileName}"`);
    expect(webCsv.rawPayload.equals(csv!.bytes)).toBe(true);
    const webJson = await w.request(jar('chair'), 'GET', `/c/${f.readers}/exports/polls/json`);
    const parsed = (bytes: Buffer) => {
      const { exportedAt, ...rest } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      expect(exportedAt).toEqual(expect.any(String));
      return rest;
    };
    expect(parsed(webJson.rawPayload)).toEqual(parsed(json!.bytes));
    expect(JSON.stringify(parsed(webJson.rawPayload))).toContain('Which day suits the webinar?');
    const audit = await w.bot.prisma.auditLog.findFirstOrThrow({ where: { action: 'web.export' } });
    expect(audit.details).toMatchObject({ via: 'web', archive: 'polls' });
  });
});
