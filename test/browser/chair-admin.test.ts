import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/scale/scale-support.ts';
import { privateChat, type Person } from '../support/harness.ts';
import { chairAdminFixture, type ChairAdminFixture } from '../web/chair-admin-fixture.ts';
import { WebHarness } from '../web/web-harness.ts';
import { launchChromium, saveScreenshot, seriousAxeViolations } from './chromium.ts';

/**
 * The chair's and admin's pages in Chromium. The dashboard is the real web app listening on a port,
 * over the bot core and a real database, signed into from the link `/dashboard` sent in chat; the
 * community is made in chat (and its round's answers written as the answering flow writes them), so
 * that a round has libraries on time, late and missing to show and to download.
 */
/** The shipped interview template: sections, follow-ups and media questions to preview. */
const INTERVIEW_TEMPLATE = fileURLToPath(
  new URL('../../src/features/interviews/templates/veteran-career.yaml', import.meta.url),
);

let w: WebHarness;
let f: ChairAdminFixture;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  w = await WebHarness.create({ publicUrl: base });
  f = await chairAdminFixture(w);
  await w.web.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

/** A browser signed in as the person, from the link the bot sent them; with its CSP refusals and script errors. */
async function signedIn(
  person: Person,
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(await w.linkFor(person));
  await page.locator('form.signin-form button').click();
  await page.waitForURL(/\/c\/\d+\/$/);
  return { context, page, errors };
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The page's computed direction and `lang`. */
function direction(page: Page): Promise<{ direction: string; lang: string }> {
  return page.evaluate(
    `({ direction: getComputedStyle(document.body).direction, lang: document.documentElement.lang })`,
  );
}

/** Whether every inline chart on the page is drawn (laid out with a size) and its texts are there. */
function chartsDrawn(page: Page): Promise<Array<{ width: number; height: number; texts: number }>> {
  return page.evaluate(`[...document.querySelectorAll('svg.chart')].map((svg) => {
    const box = svg.getBoundingClientRect();
    return { width: Math.round(box.width), height: Math.round(box.height), texts: svg.querySelectorAll('text').length };
  })`);
}

describe('the chair’s and admin’s pages in Chromium', { timeout: 240_000 }, () => {
  it('GIVEN a chair in the browser WHEN they download the round’s XLSX THEN the file read with exceljs has the round’s figures, and the charts render with no CSP refusal', async () => {
    const { context, page, errors } = await signedIn(f.people.chair);
    try {
      await page.getByRole('link', { name: 'Report rounds' }).first().click();
      await page.getByRole('link', { name: 'Quarterly activity' }).click();
      await page.waitForURL(/\/rounds\/\d+$/);
      const charts = await chartsDrawn(page);
      expect(charts.length).toBe(4);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.height).toBeGreaterThan(100);
        expect(chart.texts).toBeGreaterThan(2);
      }
      await saveScreenshot(page, 'results-en.png');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Spreadsheet (XLSX)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`round-${f.roundId}-1405-Q3.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
      const figures = workbook.getWorksheet('Figures')!;
      const header = figures.getRow(1).values as unknown[];
      expect(header).toEqual(expect.arrayContaining(['Library', 'Status']));
      const rows = figures
        .getRows(2, figures.rowCount - 1)!
        .map((row) => [
          String(row.getCell(1).value),
          String(row.getCell(3).value),
          row.getCell(4).value,
          row.getCell(5).value,
        ]);
      expect(rows).toEqual([
        ['Central Library', 'On time', 1200, 12.5],
        ['Hue University Library', 'Late', 800, null],
        ['Vinh Library', 'Missing', null, null],
      ]);
      const summary = workbook.worksheets[0]!;
      const sumColumn = (summary.getRow(1).values as unknown[]).indexOf('Sum');
      const visits = summary
        .getRows(2, summary.rowCount - 1)!
        .find((row) => String(row.getCell(2).value).includes('Visits'))!;
      expect(visits.getCell(sumColumn).value).toBe(2000);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('GIVEN a chair who reads Persian THEN the round and the poll are right to left with Jalali dates and Persian digits, the charts are drawn mirrored, and results-fa.png is saved', async () => {
    const chair = f.people.chair;
    await chair.says('/lang fa', privateChat(chair.userId));
    await chair.says('/calendar persian', privateChat(chair.userId));
    await chair.says('/tz Asia/Tehran', privateChat(chair.userId));
    // Persian libraries, as a Persian network names them.
    const names = { central: 'کتابخانهٔ مرکزی تبریز', hue: 'کتابخانهٔ دانشگاه اصفهان', vinh: 'کتابخانهٔ عمومی یزد' };
    for (const [key, name] of Object.entries(names)) {
      await w.bot.prisma.library.update({ where: { id: f.libraries[key as keyof typeof names] }, data: { name } });
    }
    await w.bot.prisma.library.update({ where: { id: f.libraries.central }, data: { city: 'تبریز' } });
    const { context, page, errors } = await signedIn(chair, 'fa-IR');
    try {
      await page.goto(`${base}/c/${f.readers}/rounds/${f.roundId}`);
      expect(await direction(page)).toEqual({ direction: 'rtl', lang: 'fa' });
      const main = await page.locator('main').innerText();
      expect(main).toMatch(/۱۴[۰-۹]{2}/);
      expect(main).toContain('کتابخانهٔ عمومی یزد');
      expect(main).toContain('۶۶٫۷٪');
      const charts = await chartsDrawn(page);
      expect(charts.length).toBe(4);
      // The completeness chart's labels start at the right edge: mirrored, as the PNG is.
      const anchors = await page.evaluate(
        `[...document.querySelectorAll('svg.chart text')].map((t) => t.getAttribute('text-anchor'))`,
      );
      expect(new Set(anchors as string[])).toEqual(new Set(['end']));
      expect(await page.evaluate(`document.fonts.load('16px Vazirmatn').then((faces) => faces.length > 0)`)).toBe(true);
      await expectAccessible(page, 'round (fa)');
      await saveScreenshot(page, 'results-fa.png');

      await page.goto(`${base}/c/${f.readers}/polls/${f.pollId}`);
      expect((await direction(page)).direction).toBe('rtl');
      expect((await chartsDrawn(page)).length).toBe(1);
      await expectAccessible(page, 'poll (fa)');
      await saveScreenshot(page, 'poll-fa.png');
      await page.goto(`${base}/c/${f.readers}/rounds/${f.roundId}/libraries/${f.libraries.central}`);
      await expectAccessible(page, 'library answers (fa)');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
      await chair.says('/lang en', privateChat(chair.userId));
    }
  });

  it('GIVEN every chair and admin page, in English and in Persian THEN none has a serious or critical axe violation, nor after a refused form', async () => {
    const admin = f.people.admin;
    const chairPaths = [
      '/polls',
      `/polls/${f.pollId}`,
      '/surveys',
      `/surveys/${f.surveyId}`,
      '/rounds',
      `/rounds/${f.roundId}`,
      `/rounds/${f.roundId}/libraries/${f.libraries.hue}`,
      '/exports',
    ];
    const adminPaths = [
      '/admin',
      '/admin/libraries',
      '/admin/holidays',
      '/admin/templates',
      '/admin/roles',
      '/admin/chats',
      '/admin/audit',
    ];
    for (const language of ['en', 'fa'] as const) {
      await admin.says(`/lang ${language}`, privateChat(admin.userId));
      const { context, page, errors } = await signedIn(admin, language === 'fa' ? 'fa-IR' : 'en-US');
      try {
        for (const p of [...chairPaths, ...adminPaths]) {
          const response = await page.goto(`${base}/c/${f.readers}${p}`);
          expect(response?.status(), p).toBe(200);
          expect((await direction(page)).direction).toBe(language === 'fa' ? 'rtl' : 'ltr');
          await expectAccessible(page, `${p} (${language})`);
          const name = p.replace(/\/\d+/g, '').replace(/^\//, '').replace(/\//g, '-');
          await saveScreenshot(page, `chair-admin/${name}-${language}.png`);
        }
        // A template with a mistake, uploaded as a file: the page names the line, and stays accessible.
        await page.goto(`${base}/c/${f.readers}/admin/templates`);
        await page.locator('#template-file').setInputFiles({
          name: 'broken.yaml',
          mimeType: 'application/yaml',
          buffer: Buffer.from('title:\n  en: Broken\nintro: [unclosed\n', 'utf8'),
        });
        await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
        await page.waitForLoadState();
        expect(await page.locator('.problem[role="alert"]').innerText()).toMatch(/(Line|سطر) /);
        await expectAccessible(page, `template problem (${language})`);
        await saveScreenshot(page, `admin-template-problem-${language}.png`);
        // A good one: its questions previewed before it is saved.
        await page.goto(`${base}/c/${f.readers}/admin/templates`);
        await page.locator('#template-kind').selectOption('interview');
        await page.locator('#template-name').fill('career-copy');
        await page.locator('#template-file').setInputFiles(INTERVIEW_TEMPLATE);
        await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
        await page.waitForLoadState();
        expect(await page.locator('.template-preview .questions > li').count()).toBeGreaterThan(5);
        await expectAccessible(page, `template preview (${language})`);
        await saveScreenshot(page, `admin-template-preview-${language}.png`);
        // A join code, shown on the page that made it.
        await page.goto(`${base}/c/${f.readers}/admin/chats`);
        await page.locator('form[action$="/admin/chats/code"] button').click();
        await page.waitForLoadState();
        expect(await page.locator('.join-code code').innerText()).toMatch(/^[A-Z0-9-]{6,}$/);
        await expectAccessible(page, `join code (${language})`);
        // A CSV with a bad line: nothing imported, the line shown.
        await page.goto(`${base}/c/${f.readers}/admin/libraries`);
        await page.locator('#import-text').fill('name,kind\nShiraz Library,castle\n');
        await page.locator('form[action$="/admin/libraries/import"] button[type="submit"]').click();
        await page.waitForLoadState();
        expect(await page.locator('#import-problem').innerText()).toContain(language === 'fa' ? '۲' : 'line 2');
        await expectAccessible(page, `library import problem (${language})`);
        await saveScreenshot(page, `admin-libraries-${language}.png`);
        expect(errors, errors.join('\n')).toEqual([]);
      } finally {
        await context.close();
      }
    }
    await admin.says('/lang en', privateChat(admin.userId));
  });
});
