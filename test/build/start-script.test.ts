import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../scripts/production-command.ts';
import { copySeedDataDir } from '../support/seed-data-dir.ts';
import { makeTestDir } from '../support/global-setup.ts';

// A build folder of its own (a direct child of the root, like dist/), so a developer's dist/ is untouched.
const BUILD_DIR = `dist-test-${randomBytes(4).toString('hex')}`;
const BUILD_PATH = path.join(PROJECT_ROOT, BUILD_DIR);

afterAll(async () => {
  await rm(BUILD_PATH, { recursive: true, force: true });
});

/** `npm start`'s command, read from package.json, with console input; resolves when the bot exits. */
async function npmStart(lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const scripts = (
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const [node, ...args] = scripts.start!.split(' ');
  expect(node).toBe('node');
  const root = await makeTestDir();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The build is what is tested here, not the database's first start: a seeded DATA_DIR.
    DATA_DIR: await copySeedDataDir(path.join(root, 'data')),
    HAMKAR_BUILD_DIR: BUILD_DIR,
    CONSOLE_USER_NAME: 'Nasrin',
    LOG_FORMAT: 'json',
  };
  for (const name of ['TELEGRAM_BOT_TOKEN', 'DISCORD_TOKEN', 'BALE_BOT_TOKEN', 'DATABASE_URL', 'NODE_OPTIONS']) {
    delete env[name];
  }
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(lines.map((line) => line + '\n').join(''));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  await rm(root, { recursive: true, force: true });
  return { code, stdout, stderr };
}

describe('npm start (the built bot, rebuilt when a source changed)', () => {
  it('GIVEN no build yet THEN npm start builds it and the bot answers; GIVEN an output missing or one left by a deleted source THEN only that is mended', async () => {
    const first = await npmStart(['/start']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Hello, Nasrin! Welcome to Local community.');
    const main = path.join(BUILD_PATH, 'main.js');
    const translator = path.join(BUILD_PATH, 'i18n/translator.js');
    expect(existsSync(main)).toBe(true);
    const mainBuiltAt = statSync(main).mtimeMs;
    // What npm start runs: the modules bundled (scripts/app-bundle.mjs).
    const bundle = path.join(BUILD_PATH, 'bundle', 'main.js');
    const bundledAt = statSync(bundle).mtimeMs;

    rmSync(translator);
    const stray = path.join(BUILD_PATH, 'features/removed-feature.js');
    writeFileSync(stray, 'throw new Error("a module whose source is gone");\n');
    const second = await npmStart(['/help']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Commands you can use here:');
    expect(existsSync(translator)).toBe(true);
    expect(existsSync(stray)).toBe(false);
    // Incremental: what was up to date is not written again; the bundle is made anew from the mended modules.
    expect(statSync(main).mtimeMs).toBe(mainBuiltAt);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(bundledAt);
  }, 180_000);
});
