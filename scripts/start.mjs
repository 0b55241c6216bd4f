// `npm start`: the bot as built JavaScript (dist/), rebuilt first when a source is newer than its output.
//
// Why not tsx: under tsx the bot keeps a TypeScript transform, its caches and source maps for its whole
// life (about twice the memory) and starts a second slower. The check below only compares file times;
// when something changed, the incremental build runs in a child process, so its compiler never stays in
// the bot's memory. `npm run dev` runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { APP_BUNDLE_DIR, appBundleEntry } from './app-bundle.mjs';
import { VENDOR_DIR, VENDOR_MANIFEST } from './vendor-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIR = path.join(ROOT, 'src');
/** dist/, or another direct child of the root for tests that must not race a developer's build. */
const OUTPUT_DIR = path.join(ROOT, process.env.HAMKAR_BUILD_DIR ?? 'dist');

/**
 * Every file under `dir`, relative to it (none when it does not exist). Walked by hand: node 20's
 * recursive readdir and a path.relative per entry took 30–45 ms of every start for some 1,300 files,
 * this takes 6.
 */
function filesUnder(dir, skipped = new Set(), prefix = '', found = []) {
  let entries;
  try {
    entries = readdirSync(dir + path.sep + prefix, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!skipped.has(relative)) filesUnder(dir, skipped, relative + path.sep, found);
    } else if (entry.isFile()) found.push(relative);
  }
  return found;
}

/** The output of a source (both relative to their folders): string joins, as this runs for every file. */
function outputOf(file) {
  return OUTPUT_DIR + path.sep + file.replace(/\.ts$/, '.js');
}

function modifiedMs(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * A source newer than its output, an output missing, or one left by a deleted source; the bot's bundle
 * older than an output; or the packages' bundle missing or older than package-lock.json (installed
 * without the install's build).
 */
function buildIsStale() {
  const bundled = modifiedMs(path.join(OUTPUT_DIR, VENDOR_DIR, VENDOR_MANIFEST));
  if (bundled === undefined || bundled < (modifiedMs(path.join(ROOT, 'package-lock.json')) ?? 0)) return true;
  const sources = filesUnder(SOURCE_DIR).filter((file) => !file.endsWith('.d.ts'));
  const outputs = new Set(sources.map(outputOf));
  const built = filesUnder(OUTPUT_DIR, new Set([VENDOR_DIR, APP_BUNDLE_DIR]));
  if (built.some((file) => !outputs.has(OUTPUT_DIR + path.sep + file))) return true;
  const bundledAt = modifiedMs(appBundleEntry(OUTPUT_DIR));
  if (bundledAt === undefined) return true;
  // Each output's time is read once: against its source, and (a module's) against the bot's bundle.
  return sources.some((file) => {
    const builtAt = modifiedMs(outputOf(file));
    if (builtAt === undefined) return true;
    return (
      builtAt < (modifiedMs(SOURCE_DIR + path.sep + file) ?? Infinity) || (file.endsWith('.ts') && builtAt > bundledAt)
    );
  });
}

if (buildIsStale()) {
  const build = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts/build.mjs'), '--incremental', '--out-dir', path.relative(ROOT, OUTPUT_DIR)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(appBundleEntry(OUTPUT_DIR)).href);
