// Runs `prisma generate` offline. The prisma CLI looks for its schema engine binary even though
// generation never runs it, and that binary cannot be downloaded on machines without internet;
// pointing the variable at any existing executable satisfies the check.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const prismaBin = require.resolve('prisma/build/index.js');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, [prismaBin, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
