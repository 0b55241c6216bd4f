// `npm run build`: src/ compiled to plain JavaScript in dist/, for `npm run start:prod` (node dist/main.js).
//
// Why: running through tsx keeps a TypeScript transform, its caches and source maps in the bot's
// memory for its whole life; the built bot is plain ESM that node loads directly. `npm start` (tsx)
// stays for development.
//
// Each file is transpiled on its own with tsconfig.build.json's options (the project compiles with
// isolatedModules and verbatimModuleSyntax, so a file's output never depends on another file): this
// takes seconds where a full `tsc` program takes half a minute. Type errors are `npm run typecheck`'s
// job, as in CI. `rewriteRelativeImportExtensions` turns the `./x.ts` import paths into `./x.js`.
//
// The files the code finds next to itself at run time (survey templates) are copied along. Locales,
// prisma/migrations and node_modules are found from the project root, which is why the output folder
// must be a direct child of it (`../../locales` from dist/i18n/ is the root's locales/).
//
//   node scripts/build.mjs [--out-dir NAME]     (NAME relative to the project root; default: dist)
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG_FILE = path.join(ROOT, 'tsconfig.build.json');

/** The compiler options and source root of tsconfig.build.json, with the output folder to write to. */
function readBuildConfig(outDirArgument) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG_FILE,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${CONFIG_FILE}`);
  if (parsed.errors.length > 0) {
    throw new Error(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  }
  const rootDir = parsed.options.rootDir ?? path.join(ROOT, 'src');
  const outDir = outDirArgument ? path.resolve(ROOT, outDirArgument) : parsed.options.outDir;
  if (!outDir || path.dirname(outDir) !== path.resolve(ROOT)) {
    throw new Error(`the output folder must be a direct child of ${ROOT} (got ${outDir})`);
  }
  return { options: parsed.options, rootDir, outDir };
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
  });
}

function build(outDirArgument) {
  const started = Date.now();
  const { options, rootDir, outDir } = readBuildConfig(outDirArgument);
  rmSync(outDir, { recursive: true, force: true });
  let compiled = 0;
  let copied = 0;
  for (const file of filesUnder(rootDir)) {
    const source = path.join(rootDir, file);
    if (file.endsWith('.d.ts')) continue;
    if (file.endsWith('.ts')) {
      const target = path.join(outDir, file.replace(/\.ts$/, '.js'));
      const { outputText, diagnostics = [] } = ts.transpileModule(readFileSync(source, 'utf8'), {
        compilerOptions: options,
        fileName: source,
        reportDiagnostics: true,
      });
      if (diagnostics.length > 0) {
        const messages = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        throw new Error(`${path.relative(ROOT, source)}: ${messages.join('; ')}`);
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, outputText);
      compiled++;
    } else {
      const target = path.join(outDir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(source, target);
      copied++;
    }
  }
  const where = path.relative(ROOT, outDir);
  process.stdout.write(`built ${where}/: ${compiled} modules, ${copied} other files, in ${Date.now() - started} ms\n`);
}

const outDirIndex = process.argv.indexOf('--out-dir');
try {
  build(outDirIndex === -1 ? undefined : process.argv[outDirIndex + 1]);
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
