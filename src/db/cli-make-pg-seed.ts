// Run by `npm install` (postinstall, from the build): makes the pristine PostgreSQL cluster that a
// first start on a new DATA_DIR copies instead of running initdb (pg-cluster-seed.ts). Nothing here can
// fail an install: without a seed, a first start runs initdb as it always did.
import { createLogger } from '../logger.ts';
import { EMBEDDED_SUPERUSER } from './embedded-server.ts';
import { findPgBinaries } from './pg-binaries.ts';
import { clusterSeedDir, makeClusterSeed } from './pg-cluster-seed.ts';
import { resolvePgSystemUser } from './pg-system-user.ts';

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

try {
  const binaries = await findPgBinaries();
  // As root, initdb runs as the user an earlier seed belonged to, or else the embedded server's system
  // user (made now if this is the first time), as a start picks the user of a data directory.
  const user = await resolvePgSystemUser(clusterSeedDir(binaries), logger);
  const began = performance.now();
  const seedDir = await makeClusterSeed({ binaries, superuser: EMBEDDED_SUPERUSER, user, logger });
  console.log(`PostgreSQL seed for new data directories: ${seedDir} (${Math.round(performance.now() - began)} ms)`);
} catch (error) {
  console.warn(
    `No PostgreSQL seed was made (${(error as Error).message}); a first start on a new DATA_DIR runs initdb instead.`,
  );
}
