// Runs `prisma generate` offline. The prisma CLI looks for its schema engine binary even though
// generation never runs it, and that binary cannot be downloaded on machines without internet;
// pointing the variable at any existing executable satisfies the check.
//
// Then the generated client loads Prisma's query compiler (WebAssembly) from a binary file written
// next to it, not from the 4.6 MB base64 module Prisma generates an import of: that module's source
// and its exported string both stay in the bot's heap for its whole life (8.7 MB of a 62 MB heap,
// measured with a heap snapshot of the idle built bot), where the file's bytes are dropped once the
// module is compiled.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const require = createRequire(import.meta.url);
const prismaBin = require.resolve('prisma/build/index.js');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, [prismaBin, 'generate'], { stdio: 'inherit', env });
if (result.status !== 0) process.exit(result.status ?? 1);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GENERATED_CLASS = path.join(ROOT, 'src', 'db', 'generated', 'internal', 'class.ts');
const WASM_FILE = 'query_compiler_bg.wasm';

const generated = readFileSync(GENERATED_CLASS, 'utf8');
const base64Import =
  /getQueryCompilerWasmModule: async \(\) => \{\s*const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)\s*\},/;
const match = base64Import.exec(generated);
if (!match) {
  // A Prisma upgrade changed the generated code: better a failed install than a silently larger bot.
  console.error(`scripts/prisma-generate.mjs: the query compiler's base64 import was not found in ${GENERATED_CLASS}`);
  process.exit(1);
}
const base64Module = readFileSync(require.resolve(match[1]), 'utf8');
const literal = /const wasm = "([A-Za-z0-9+/=]+)"/.exec(base64Module);
if (!literal) {
  console.error(`scripts/prisma-generate.mjs: no base64 literal in ${match[1]}`);
  process.exit(1);
}
writeFileSync(path.join(path.dirname(GENERATED_CLASS), WASM_FILE), Buffer.from(literal[1], 'base64'));
writeFileSync(
  GENERATED_CLASS,
  generated.replace(
    base64Import,
    `getQueryCompilerWasmModule: async () => {
    // Rewritten by scripts/prisma-generate.mjs: the bytes from a file, not a base64 module kept in memory.
    const { readFile } = await import('node:fs/promises')
    return new WebAssembly.Module(await readFile(new URL('./${WASM_FILE}', import.meta.url)))
  },`,
  ),
);
