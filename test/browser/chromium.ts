import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH: playwright-core drives it and never
 * downloads a browser. vitest.config.ts leaves test/browser out when neither is there.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, and quiet on the network: nothing but the pages the test opens. playwright-core adds its
 * own switches besides (--disable-extensions, --disable-dev-shm-usage, --no-first-run,
 * --disable-background-networking, --disable-sync, --mute-audio and more); others tried for less CPU
 * (--in-process-gpu, --disable-gpu-compositing, --disable-renderer-accessibility,
 * --disable-site-isolation-trials) made no difference that could be measured.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/**
 * Whether the full-page screenshots are taken: they are for people to look at (test-artifacts/, which
 * git ignores), and no test reads them, so `npm test` leaves them out (a full-page screenshot costs the
 * browser some 0.3-0.5 s of CPU); `npm run test:browser` (HAMKAR_BROWSER_TESTS=1) or
 * HAMKAR_SCREENSHOTS=1 takes them.
 */
export const SCREENSHOTS = process.env.HAMKAR_BROWSER_TESTS === '1' || process.env.HAMKAR_SCREENSHOTS === '1';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** A full-page screenshot as test-artifacts/`name` (folders made as needed), when SCREENSHOTS. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/**
 * axe-core's violations of impact serious or critical on the page. The page's CSP allows only its own
 * scripts, so axe is evaluated through the DevTools protocol (which CSP does not govern), not as a tag.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(`(() => { ${axeSource}; return typeof window.axe; })()`);
  if (loaded !== 'object') throw new Error('axe-core did not load');
  const violations = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
