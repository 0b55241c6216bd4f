/**
 * The default start as a user meets it (issue #21, item 1): the README's `npm start`, timed from the
 * command until the bot logs "ready" — its database open and Telegram, Bale and Discord all connected,
 * each to a loopback fake — first on a new DATA_DIR (initdb and every migration), then restarted on
 * it, three times each; and the bot's resident memory a few seconds after "ready" with all three
 * connected, read from /proc as it runs (no collection forced). Aims: ready < 3 s on a new DATA_DIR,
 * < 1.5 s after a restart, RSS < 150 MB. The embedded PostgreSQL runs in processes of its own and is
 * not counted.
 *
 *   npx tsx bench/start-time.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../scripts/production-command.ts';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.ts';
import { makeGuild } from '../test/fakes/discord/wire-objects.ts';
import { FakeBotApi } from '../test/fakes/telegram/fake-bot-api.ts';
import { botEnvironment } from '../test/support/bot-environment.ts';

const TELEGRAM_TOKEN = '123456789:AAHbench-token_for-the-telegram-fake';
const BALE_TOKEN = '987654321:BaleBench-token_for-the-bale-fake';
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.BenchS.bench-token_for-the-loopback-discord-fake';
const RUNS = 3;
const SETTLE_MS = 5_000;
const AIM_NEW_MS = 3_000;
const AIM_RESTART_MS = 1_500;
const AIM_RSS_MB = 150;

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Fakes {
  telegram: FakeBotApi;
  bale: FakeBotApi;
  discord: FakeDiscord;
}

interface Started {
  npm: ChildProcess;
  readyMs: number;
  stderr: () => string;
}

/** `npm start` with all three platforms, timed from the spawn to the bot's "ready" line. */
async function start(dataDir: string, fakes: Fakes): Promise<Started> {
  const env = botEnvironment(dataDir, {
    LOG_LEVEL: 'info',
    HTTP_SERVER: 'off',
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_API_ROOT: fakes.telegram.url,
    BALE_BOT_TOKEN: BALE_TOKEN,
    BALE_API_ROOT: fakes.bale.url,
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: fakes.discord.applicationId,
    DISCORD_API: fakes.discord.apiUrl,
  });
  const began = performance.now();
  const npm = spawn('npm', ['start', '--silent'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let readyMs: number | undefined;
  npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (readyMs === undefined && /"msg":"ready"/.test(stderr)) readyMs = performance.now() - began;
  });
  const deadline = Date.now() + 120_000;
  while (readyMs === undefined) {
    if (npm.exitCode !== null || Date.now() > deadline) {
      throw new Error(`npm start did not get ready. Its log:\n${stderr.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const readyLine = JSON.parse(stderr.split('\n').find((line) => line.includes('"msg":"ready"'))!) as {
    adapters?: string[];
  };
  const platforms = [...(readyLine.adapters ?? [])].sort().join(',');
  if (platforms !== 'bale,discord,telegram') throw new Error(`ready with ${platforms}, not all three platforms`);
  return { npm, readyMs, stderr: () => stderr };
}

/** The node process under `npm start` that runs the bot (npm → sh → node scripts/start.mjs). */
function botPid(npmPid: number): number {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const queue = [npmPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (path.basename(argv[0]!) === 'node' && argv.some((arg) => arg.endsWith('scripts/start.mjs'))) return pid;
    queue.push(...children(pid));
  }
  throw new Error('no bot process under npm start');
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb[1]) / 1024;
}

async function stop(started: Started): Promise<void> {
  const closed = new Promise((resolve) => started.npm.once('close', resolve));
  // To the bot itself: it stops its adapters and its embedded PostgreSQL, then npm exits with it.
  process.kill(botPid(started.npm.pid!), 'SIGTERM');
  await closed;
}

async function main(): Promise<void> {
  const fakes: Fakes = {
    telegram: await FakeBotApi.start({ token: TELEGRAM_TOKEN }),
    bale: await FakeBotApi.start({ token: BALE_TOKEN }),
    discord: await FakeDiscord.start({ token: DISCORD_TOKEN }),
  };
  fakes.discord.guilds.push(makeGuild('Library 1', ['general', 'meetings', 'polls', 'archive'], 20));
  const fresh: number[] = [];
  const restarts: number[] = [];
  const rss: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-start-'));
      chmodSync(dataDir, 0o755);
      try {
        const first = await start(dataDir, fakes);
        fresh.push(first.readyMs);
        await stop(first);
        const again = await start(dataDir, fakes);
        restarts.push(again.readyMs);
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        rss.push(rssMb(botPid(again.npm.pid!)));
        await stop(again);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await fakes.telegram.close();
    await fakes.bale.close();
    await fakes.discord.close();
  }
  const list = (values: number[], unit: string, digits: number) =>
    values.map((v) => v.toFixed(digits) + unit).join(', ');
  console.log(
    'npm start (the README command, built JavaScript) with Telegram, Bale and Discord connected to loopback fakes:',
  );
  console.log(
    `start: ready ${(median(fresh) / 1000).toFixed(2)} s on a new DATA_DIR, median of ${list(
      fresh.map((v) => v / 1000),
      ' s',
      2,
    )} ` + `(aim < ${AIM_NEW_MS / 1000} s from the command: ${verdict(median(fresh) < AIM_NEW_MS)})`,
  );
  console.log(
    `restart: ready ${(median(restarts) / 1000).toFixed(2)} s, median of ${list(
      restarts.map((v) => v / 1000),
      ' s',
      2,
    )} ` + `(aim < ${AIM_RESTART_MS / 1000} s from the command: ${verdict(median(restarts) < AIM_RESTART_MS)})`,
  );
  console.log(
    `resident memory ${SETTLE_MS / 1000} s after ready, all three platforms connected: ${median(rss).toFixed(1)} MB, median of ${list(rss, ' MB', 1)} ` +
      `(aim < ${AIM_RSS_MB} MB: ${verdict(median(rss) < AIM_RSS_MB)})`,
  );
}

await main();
