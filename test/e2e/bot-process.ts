import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, productionCommand, withBuildDir } from '../../scripts/production-command.ts';
import { botEnvironment } from '../support/bot-environment.ts';
import { E2E_BUILD_DIR } from '../support/e2e-build.ts';

/** `start:prod`'s command (what `npm start` runs once dist/ is current), on the build of this test run. */
const COMMAND = withBuildDir(productionCommand(), E2E_BUILD_DIR);
/** The instance secret of test bots that share a database server. */
/** How long a bot may take to start before its first answer is overdue. */
const START_ALLOWANCE_MS = 90_000;
const TEST_INSTANCE_SECRET = 'test-instance-secret-of-every-bot-sharing-a-server';

/**
 * The real bot in a child process, chatting through stdin/stdout: the built JavaScript with
 * `start:prod`'s flags, as `npm start` runs it, from the build the test run made of the current sources
 * (global-setup.ts). Starting it costs node and the bot, not a TypeScript transform of every source in
 * every process, as tsx did; `npm start`'s own check and rebuild are tested in test/build/.
 */
export class BotProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  /** When the process was spawned: its first answers wait on a cold start (initdb, migrations). */
  private readonly spawnedAt = Date.now();

  constructor(dataDir: string, env: Record<string, string> = {}) {
    // Whatever this machine has set must not reach a test's bot; what the test passes does.
    const childEnv = botEnvironment(dataDir, env);
    // The bot serves HTTP on PORT (8080) in every mode; test files run side by side, so a bot whose test
    // gives it no port of its own runs without the server rather than fight the others for 8080.
    if (env.PORT === undefined && env.HTTP_SERVER === undefined) childEnv.HTTP_SERVER = 'off';
    // Instances on one DATABASE_URL share the instance secret, which the configuration then requires.
    if (childEnv.DATABASE_URL && !childEnv.HAMKAR_SECRET) childEnv.HAMKAR_SECRET = TEST_INSTANCE_SECRET;
    this.child = spawn(process.execPath, [...COMMAND.nodeFlags, path.join(PROJECT_ROOT, COMMAND.entry)], {
      cwd: PROJECT_ROOT,
      env: childEnv,
      stdio: 'pipe',
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  type(line: string): void {
    this.child.stdin?.write(line + '\n');
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  /**
   * Waits until stdout matches, or fails with what the bot printed if it exits or takes too long.
   * The wait is never shorter than START_ALLOWANCE_MS from the spawn: a cold start on a loaded 2-core CI
   * machine (initdb, every migration; under tsx, its transform too) has taken over 20 s, and that is not the command's time.
   */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Math.max(Date.now() + timeoutMs, this.spawnedAt + START_ALLOWANCE_MS);
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (exited || Date.now() > deadline) {
        throw new Error(`bot did not print ${pattern}.\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    await this.exited;
  }
}
