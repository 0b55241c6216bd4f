import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BotProcess } from '../bot-process.ts';
import { FaultScene } from './fault-support.ts';

const scene = new FaultScene();
afterEach(() => scene.cleanup());

const PASSWORD = 'pa55-Wörd_never-printed';

/** A port on this machine where nothing listens: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the bot against a PostgreSQL URL on `port` and waits for it to give up: it must exit non-zero
 * with one line naming the database and the reason, and never print the password. Returns that line.
 */
async function failedStartLine(port: number, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const url = `postgresql://hamkar:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/hamkar`;
  const bot = new BotProcess(await scene.dataDir(), { DATABASE_URL: url, ...env });
  scene.onCleanup(() => bot.kill('SIGKILL'));
  const { code } = await bot.exited;

  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  for (const output of [bot.stderr, bot.stdout]) {
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(encodeURIComponent(PASSWORD));
  }
  const lines = bot.stderr.trim().split('\n');
  expect(lines, bot.stderr).toHaveLength(1);
  expect(lines[0]).toContain('Cannot reach the database');
  expect(lines[0]).toContain(`127.0.0.1:${port}`);
  expect(lines[0]).toContain('DATABASE_URL');
  return lines[0]!;
}

describe('the database unreachable when the bot starts', () => {
  it('GIVEN DATABASE_URL pointing at a closed port THEN the bot prints one line naming the database and the reason, never the password, and exits non-zero within seconds', async () => {
    const startedAt = Date.now();
    const line = await failedStartLine(await closedPort());

    expect(line).toContain('connection refused');
    // Most of it is Node starting the bot; a retry loop or a hang would take far longer.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  }, 30_000);

  it('GIVEN DATABASE_URL pointing at a server that accepts the connection and never answers THEN the start gives up after DATABASE_CONNECT_TIMEOUT_SECONDS with one clear line, not a hang', async () => {
    const silent = createServer(() => undefined); // takes the TCP connection, says nothing: a hung or black-holed host
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    scene.onCleanup(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    silent.on('connection', (socket) => scene.onCleanup(async () => socket.destroy()));
    const { port } = silent.address() as { port: number };

    const line = await failedStartLine(port, { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' });

    expect(line).toContain('did not answer in time');
  }, 30_000);
});
