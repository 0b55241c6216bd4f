import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotProcess } from '../e2e/bot-process.ts';
import { freePort } from '../e2e/scale/scale-support.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { launchChromium, saveScreenshot, seriousAxeViolations } from './chromium.ts';

const LINK = /http:\/\/127\.0\.0\.1:\d+\/signin\/[A-Za-z0-9_-]{43}/g;

let root: string;
let bot: BotProcess;
let browser: Browser;

beforeAll(async () => {
  root = await makeTestDir();
  // The bot as `npm start` runs it with no token: the console chat, and its HTTP server on PORT.
  bot = new BotProcess(path.join(root, 'data'), { CONSOLE_USER_NAME: 'Nasrin', PORT: String(await freePort()) });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  bot?.endInput();
  await bot?.exited;
  await rm(root, { recursive: true, force: true });
});

/** Types `/dashboard` in the console's private chat and returns the new link it prints. */
async function newLink(): Promise<string> {
  const before = bot.stdout.match(LINK)?.length ?? 0;
  bot.type('/dashboard');
  await bot.waitFor(new RegExp(`(?:${LINK.source}[\\s\\S]*){${before + 1}}`));
  return bot.stdout.match(LINK)![before]!;
}

/** A console line, and its answer (`/lang fa` → the confirmation) before the next step. */
async function say(line: string, answer: RegExp): Promise<void> {
  const before = bot.stdout.length;
  bot.type(line);
  const deadline = Date.now() + 30_000;
  while (!answer.test(bot.stdout.slice(before))) {
    if (Date.now() > deadline) throw new Error(`no answer ${answer} to ${line}:\n${bot.stdout.slice(before)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A page whose script errors and Content-Security-Policy refusals are kept for the test to check (the
 * console's "failed to load" of a 401 or 404 page is the test's own doing, not kept).
 */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The page's computed direction and font, and its `lang` (evaluated in the page: no DOM types here). */
async function direction(page: Page): Promise<{ direction: string; lang: string; font: string }> {
  return page.evaluate(`({
    direction: getComputedStyle(document.body).direction,
    lang: document.documentElement.lang,
    font: getComputedStyle(document.body).fontFamily,
  })`);
}

describe('the web dashboard in Chromium, signed into from the console bot', { timeout: 180_000 }, () => {
  it('GIVEN the link the bot printed for /dashboard THEN a browser without JavaScript signs in with its button and sees the home page; the same link a second time is refused', async () => {
    bot.type('/private');
    const link = await newLink();
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(link);
      expect(await page.title()).toContain('Sign in to the dashboard');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/c\/\d+\/$/);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Local community');
      expect(await page.locator('main').innerText()).toContain('Welcome, Nasrin.');
      expect(await page.locator('main').innerText()).toContain('Your role in Local community: admin.');
      await saveScreenshot(page, 'dashboard-home-en.png');

      // Someone else opening the same link (a forwarded message): it was used.
      const other = await browser.newContext({ javaScriptEnabled: false });
      const reused = await other.newPage();
      const response = await reused.goto(link);
      expect(response?.status()).toBe(410);
      expect(await reused.locator('h1').innerText()).toBe('This link was already used');
      await other.close();
    } finally {
      await context.close();
    }
  });

  it('GIVEN English and then Persian THEN pages are left-to-right, then right-to-left in Vazirmatn with Jalali dates, with no CSP refusal and no serious or critical axe violation on any page', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const { page, errors } = await watchedPage(context);
      await page.goto(await newLink());
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/c\/\d+\/$/);
      const home = page.url();
      const english = await direction(page);
      expect(english).toMatchObject({ direction: 'ltr', lang: 'en' });
      // The home page is where signing in landed: checked there, not loaded again.
      await expectAccessible(page, 'home (en)');
      for (const [name, url] of [
        ['my data', new URL('/me/data', home).href],
        ['sessions', new URL('/me/sessions', home).href],
        ['not found', new URL('/no-such-page', home).href],
      ] as const) {
        await page.goto(url);
        await expectAccessible(page, `${name} (en)`);
      }

      await say('/lang fa', /صحبت می‌کنم/);
      await say('/calendar persian', /تقویم شما اکنون/);
      await page.goto(new URL('/me/sessions', home).href);
      const persian = await direction(page);
      expect(persian.direction).toBe('rtl');
      expect(persian.lang).toBe('fa');
      expect(persian.font).toContain('Vazirmatn');
      // Signed in today: the Jalali year 14xx, in Persian digits.
      expect(await page.locator('table').innerText()).toMatch(/۱۴[۰-۹]{2}/);
      expect(await page.evaluate(`document.fonts.load('16px Vazirmatn').then((faces) => faces.length > 0)`)).toBe(true);
      await expectAccessible(page, 'sessions (fa)');
      await saveScreenshot(page, 'dashboard-sessions-fa.png');
      // Home last: signing out below starts from it.
      for (const [name, url] of [
        ['my data', new URL('/me/data', home).href],
        ['home', home],
      ] as const) {
        await page.goto(url);
        expect((await direction(page)).direction).toBe('rtl');
        await expectAccessible(page, `${name} (fa)`);
      }
      await saveScreenshot(page, 'dashboard-home-fa.png');

      // The pages before signing in, in the browser's language.
      const anonymous = await browser.newContext({ locale: 'fa-IR' });
      const signIn = await anonymous.newPage();
      await signIn.goto(await newLink());
      expect((await direction(signIn)).direction).toBe('rtl');
      await expectAccessible(signIn, 'sign-in (fa)');
      await saveScreenshot(signIn, 'dashboard-signin-fa.png');
      await anonymous.close();

      // Signing out is a form: after it, the pages ask for a new link.
      await page.getByRole('button', { name: 'خروج' }).first().click();
      await page.waitForURL(/\/signed-out/);
      await expectAccessible(page, 'signed out (fa)');
      const after = await page.goto(home);
      expect(after?.status()).toBe(401);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
