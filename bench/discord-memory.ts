/**
 * Resident memory of the bot with the Discord adapter: the real bot in a child process, connected
 * (REST and gateway) to a loopback fake of Discord serving first one server, then 500 servers of 200
 * members each. Once the bot is ready and has settled, a probe loaded into the child runs two full
 * garbage collections (`--expose-gc`) and reports `process.memoryUsage().rss`. Aims: under 150 MB
 * with one server, under 300 MB with 500 × 200. The same process without Discord (the console chat)
 * is measured first, as the baseline the adapter's share is counted from. The embedded PostgreSQL
 * runs in processes of its own and is not counted.
 *
 * Each scenario runs the bot in two forms:
 *  - built: what production runs (`npm run start:prod`, the systemd unit's ExecStart): dist/ compiled
 *    by `npm run build` (done here first, so that the figure is the current source's), with the node
 *    flags of `start:prod`, read from package.json. The aims are this form's.
 *  - tsx: what `npm run dev` runs (TypeScript transformed in the process, no flags), for comparison.
 *
 *   npm run bench            BENCH_DISCORD_GUILDS=100 npx tsx bench/discord-memory.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import { makeGuild } from '../test/fakes/discord/wire-objects.ts';
import { botEnvironment } from '../test/support/bot-environment.ts';
import { PROJECT_ROOT, productionCommand, type ProductionCommand } from '../scripts/production-command.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.BenchX.bench-token_for-the-loopback-discord-fake';
const MB = 1024 * 1024;
/** After "ready": the first timers and jobs run, caches fill, sweepers have nothing yet. */
const SETTLE_MS = Number(process.env.BENCH_DISCORD_SETTLE_MS ?? 5_000);

/** Runs in the child: on SIGUSR2, collect garbage twice and report the resident set size on stderr. */
const PROBE = `data:text/javascript,process.on('SIGUSR2',()=>{globalThis.gc();globalThis.gc();process.stderr.write(JSON.stringify({benchRss:process.memoryUsage().rss,heap:process.memoryUsage().heapUsed})+'\\n')})`;

interface Scenario {
  name: string;
  /** Null: no Discord at all (the console chat), the baseline. */
  guilds: number | null;
  membersPerGuild: number;
  aimMb?: number;
}

interface Form {
  name: string;
  command: ProductionCommand;
}

interface Figures {
  rssMb: number;
  heapMb: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'baseline, no Discord (console chat)', guilds: null, membersPerGuild: 0 },
  { name: '1 server', guilds: 1, membersPerGuild: 20, aimMb: 150 },
  {
    name: `${Number(process.env.BENCH_DISCORD_GUILDS ?? 500)} servers × 200 members`,
    guilds: Number(process.env.BENCH_DISCORD_GUILDS ?? 500),
    membersPerGuild: 200,
    aimMb: 300,
  },
];

async function measure(scenario: Scenario, form: Form): Promise<Figures> {
  const fake = await FakeDiscord.start({ token: TOKEN });
  for (let i = 0; i < (scenario.guilds ?? 0); i++) {
    fake.guilds.push(
      makeGuild(`Library ${i + 1}`, ['general', 'meetings', 'polls', 'archive'], scenario.membersPerGuild),
    );
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-discord-'));
  chmodSync(dataDir, 0o755);
  const env = botEnvironment(dataDir, { LOG_LEVEL: 'info', HTTP_SERVER: 'off' });
  if (scenario.guilds !== null) {
    Object.assign(env, { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API: fake.apiUrl });
  }
  const { nodeFlags, entry } = form.command;
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, '--import', PROBE, entry], {
    cwd: PROJECT_ROOT,
    env,
    // stdin stays open: without a platform the console chat runs until its input ends.
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    await waitFor(
      () => /"msg":"ready"/.test(stderr),
      exited,
      () => stderr,
      120_000,
    );
    if (scenario.guilds !== null && fake.gateway.readySessions !== 1) {
      throw new Error('the bot is not connected to the fake gateway');
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    child.kill('SIGUSR2');
    const report = await waitFor(
      () => /\{"benchRss":(\d+),"heap":(\d+)\}/.exec(stderr),
      exited,
      () => stderr,
      10_000,
    );
    return { rssMb: Number(report[1]) / MB, heapMb: Number(report[2]) / MB };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitFor<T>(
  check: () => T | null | false,
  exited: Promise<unknown>,
  output: () => string,
  timeoutMs: number,
): Promise<T> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = check();
    if (result) return result;
    if (gone || Date.now() > deadline) throw new Error(`the bot did not get there. Its log:\n${output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The built form measures the current source: build it first (seconds). */
function build(): void {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

async function main(): Promise<void> {
  build();
  const built: Form = { name: 'built', command: productionCommand() };
  const tsx: Form = { name: 'tsx', command: { nodeFlags: ['--import', 'tsx'], entry: 'src/main.ts' } };
  console.log(
    `Resident memory of the bot (after GC), against a fake Discord — built: node ${[...built.command.nodeFlags, built.command.entry].join(' ')} (npm start, npm run start:prod); tsx: npm run dev:`,
  );
  let baseline: Figures | undefined;
  for (const scenario of SCENARIOS) {
    const deployed = await measure(scenario, built);
    const underTsx = await measure(scenario, tsx);
    baseline ??= deployed;
    const aim =
      scenario.aimMb === undefined
        ? ''
        : ` (aim < ${scenario.aimMb} MB: ${deployed.rssMb < scenario.aimMb ? 'met' : 'NOT met'})`;
    // RSS moves by several MB between runs (pages the allocator keeps); the JS heap is the steadier share.
    const share =
      scenario.guilds === null ? '' : `, +${(deployed.heapMb - baseline.heapMb).toFixed(1)} MB over the baseline`;
    console.log(
      `  ${scenario.name}: built ${deployed.rssMb.toFixed(1)} MB RSS${aim}, JS heap ${deployed.heapMb.toFixed(1)} MB${share}; ` +
        `tsx ${underTsx.rssMb.toFixed(1)} MB RSS, JS heap ${underTsx.heapMb.toFixed(1)} MB`,
    );
  }
}

await main();
