// `npm run build`: src/ compiled to plain JavaScript in dist/, which `npm start` and `npm run start:prod`
// run with node (`npm start` first runs this with --incremental when a source is newer than its output).
//
// Why: running through tsx keeps a TypeScript transform, its caches and source maps in the bot's
// memory for its whole life; the built bot is plain ESM that node loads directly. `npm run dev` (tsx)
// stays for development.
//
// Each file is transpiled on its own by esbuild (the project compiles with isolatedModules and
// verbatimModuleSyntax, so a file's output never depends on another file): a whole build takes about a
// second, an incremental one a few milliseconds. Type errors are `npm run typecheck`'s job, as in CI.
// The relative `./x.ts` import paths become `./x.js` (what tsc's rewriteRelativeImportExtensions does).
//
// The files the code finds next to itself at run time (survey templates) are copied along. Locales,
// prisma/migrations and node_modules are found from the project root, which is why the output folder
// must be a direct child of it (`../../locales` from dist/i18n/ is the root's locales/).
//
// `--incremental` transpiles only the files whose output is missing or older than the source, and
// removes outputs whose source is gone.
//
//   node scripts/build.mjs [--incremental] [--out-dir NAME]   (NAME relative to the project root; default: dist)
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { APP_BUNDLE_DIR, appBundleIsStale, buildAppBundle } from './app-bundle.mjs';
import { buildVendorBundle, rewriteVendorImports, VENDOR_DIR } from './vendor-bundle.mjs';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG_FILE = path.join(ROOT, 'tsconfig.build.json');

/** The source root and the output folder of tsconfig.build.json, and the compile target. */
function readBuildConfig(outDirArgument) {
  const build = JSON.parse(readFileSync(CONFIG_FILE, 'utf8'));
  const base = JSON.parse(readFileSync(path.resolve(ROOT, build.extends), 'utf8'));
  const options = { ...base.compilerOptions, ...build.compilerOptions };
  const rootDir = path.resolve(ROOT, options.rootDir ?? 'src');
  const outDir = path.resolve(ROOT, outDirArgument ?? options.outDir);
  if (path.dirname(outDir) !== path.resolve(ROOT)) {
    throw new Error(`the output folder must be a direct child of ${ROOT} (got ${outDir})`);
  }
  return { target: String(options.target).toLowerCase(), rootDir, outDir };
}

/** `./x.ts` and `../y/z.ts` in import and export statements and `import()` become `.js`. */
const RELATIVE_TS_IMPORT = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*?)\.ts\2/g;

/** One TypeScript module as JavaScript, its packages imported from the vendor bundle. */
function transpile(source, target, output, outDir) {
  const { code } = esbuild.transformSync(readFileSync(source, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target,
    sourcefile: source,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
  });
  const relativeJs = code.replace(
    RELATIVE_TS_IMPORT,
    (_, keyword, quote, stem) => `${keyword}${quote}${stem}.js${quote}`,
  );
  return rewriteVendorImports(relativeJs, output, outDir);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
  });
}

/** Whether `target` is missing or older than `source` (an incremental build redoes only those). */
function isStale(source, target) {
  try {
    return statSync(target).mtimeMs < statSync(source).mtimeMs;
  } catch {
    return true;
  }
}

/** The output file of one source file. */
function targetOf(outDir, file) {
  return path.join(outDir, file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file);
}

async function build(outDirArgument, { incremental }) {
  const started = Date.now();
  const { target: esTarget, rootDir, outDir } = readBuildConfig(outDirArgument);
  if (!incremental) rmSync(outDir, { recursive: true, force: true });
  const sources = filesUnder(rootDir).filter((file) => !file.endsWith('.d.ts'));
  let compiled = 0;
  let copied = 0;
  for (const file of sources) {
    const source = path.join(rootDir, file);
    const output = targetOf(outDir, file);
    if (incremental && !isStale(source, output)) continue;
    mkdirSync(path.dirname(output), { recursive: true });
    if (file.endsWith('.ts')) {
      writeFileSync(output, transpile(source, esTarget, output, outDir));
      compiled++;
    } else {
      copyFileSync(source, output);
      copied++;
    }
  }
  // A source deleted or renamed must not live on in the output, where an old import could still find it.
  let removed = 0;
  if (incremental && existsSync(outDir)) {
    const expected = new Set(sources.map((file) => targetOf(outDir, file)));
    for (const file of filesUnder(outDir)) {
      if (file.startsWith(VENDOR_DIR + path.sep) || file.startsWith(APP_BUNDLE_DIR + path.sep)) continue;
      const output = path.join(outDir, file);
      if (!expected.has(output)) {
        rmSync(output);
        removed++;
      }
    }
  }
  const outputs = sources.filter((file) => file.endsWith('.ts')).map((file) => targetOf(outDir, file));
  const bundled = await buildVendorBundle({ root: ROOT, outDir, outputs, target: esTarget });
  const rebundle = bundled > 0 || removed > 0 || appBundleIsStale(outDir, outputs);
  if (rebundle) await buildAppBundle({ root: ROOT, outDir, target: esTarget });
  const where = path.relative(ROOT, outDir);
  const vendor =
    (bundled > 0 ? `; ${bundled} packages bundled into ${VENDOR_DIR}/` : '') +
    (rebundle ? `; the bot bundled into ${APP_BUNDLE_DIR}/` : '');
  const what = `${compiled} modules, ${copied} other files${incremental ? ` (changed), ${removed} removed` : ''}${vendor}`;
  process.stdout.write(`built ${where}/: ${what}, in ${Date.now() - started} ms\n`);
}

const outDirIndex = process.argv.indexOf('--out-dir');
try {
  await build(outDirIndex === -1 ? undefined : process.argv[outDirIndex + 1], {
    incremental: process.argv.includes('--incremental'),
  });
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
