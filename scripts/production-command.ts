import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: `dist/` and package.json live here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** How the deployed bot is run, read from package.json's `start:prod` (`node [flags…] dist/bundle/main.js`). */
export interface ProductionCommand {
  /** Node's own flags (the V8 memory settings), in order. */
  nodeFlags: string[];
  /** The built entry, relative to the project root (`dist/bundle/main.js`). */
  entry: string;
}

/**
 * One place says how production runs: `start:prod`. The memory bench and the build test read it here,
 * so that what they measure and start is what `npm run start:prod` runs, flags included (the systemd
 * unit's ExecStart repeats the same line). The flags trade speed the bot does not need for resident
 * memory (measured by bench/discord-memory.ts, one Discord server):
 *  - `--liftoff-only`: Prisma's query compiler is a 3.4 MB WebAssembly module; V8 re-compiles its hot
 *    functions with TurboFan on background threads, whose freed compile memory stays with those threads'
 *    malloc arenas (about −60 MB). Query plans are cached, so the compiler runs once per query shape.
 *  - `--v8-pool-size=1`: one V8 helper thread for garbage collection and compilation instead of node's
 *    four, and so little memory kept by their malloc arenas. `--single-threaded` (none at all) kept no
 *    less (5 s after a restart with three platforms 135 MB either way; one Discord server 130 MB) but
 *    did the start's compiling and collecting on its one thread: a restart 0.13 s slower.
 *  - `--max-semi-space-size=4`: the young generation grows to 2 × 4 MB instead of 2 × 16 MB, which the
 *    start-up's burst of allocation fills once and the process then keeps (about −25 MB).
 *  - `--heap-growing-percent=20`: a full collection once the old generation has grown by a fifth since
 *    the last, where V8 lets it reach about twice its live size: during a big network's burst (thousands
 *    of reminders and nudges) the heap went from 63 MB to over 107 MB before one (bench/big-network.ts,
 *    3,000 members: 216 → 178 MB at most, the votes' p99 unchanged at 28 ms; `--optimize-for-size` gave
 *    158 MB but a p99 of 114 ms).
 */
export function productionCommand(packageJsonPath = path.join(PROJECT_ROOT, 'package.json')): ProductionCommand {
  const scripts = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> }).scripts;
  const script = scripts?.['start:prod'];
  if (!script) throw new Error('package.json has no start:prod script');
  const words = script.trim().split(/\s+/);
  const entry = words.at(-1);
  if (words[0] !== 'node' || !entry?.endsWith('.js') || words.slice(1, -1).some((word) => !word.startsWith('--'))) {
    throw new Error(`start:prod must read "node [--flag…] dist/bundle/main.js", not "${script}"`);
  }
  return { nodeFlags: words.slice(1, -1), entry };
}

/** The same command with its entry taken from another build folder (a test's own build). */
export function withBuildDir(command: ProductionCommand, buildDir: string): ProductionCommand {
  const [, ...rest] = command.entry.split('/');
  return { ...command, entry: [buildDir, ...rest].join('/') };
}
