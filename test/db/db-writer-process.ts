import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = fileURLToPath(new URL('../fixtures/db-writer.ts', import.meta.url));

/** test/fixtures/db-writer.ts running as a separate process, like a second bot. */
export class DbWriterProcess {
  readonly ids: number[] = [];
  stderr = '';
  private stdoutBuffer = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(dataDir: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    // 'close' rather than 'exit': every byte the writer printed has been read by then.
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the writer has reported `count` committed ids; rejects if it exits before. */
  async waitForIds(count: number): Promise<void> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (this.ids.length < count) {
      if (exited) throw new Error(`db-writer exited after ${this.ids.length} ids. stderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    await this.exited;
  }

  private onStdout(chunk: string): void {
    this.stdoutBuffer += chunk;
    const lines = this.stdoutBuffer.split('\n');
    this.stdoutBuffer = lines.pop() ?? '';
    for (const line of lines) if (/^\d+$/.test(line)) this.ids.push(Number(line));
  }
}
