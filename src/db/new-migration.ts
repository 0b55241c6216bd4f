import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { createMigrationAdapterFactory } from './migration-adapter.ts';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  readMigrationsDir,
  type MigrationsDir,
} from './migrations-dir.ts';
import { withSchemaEngine } from './schema-engine.ts';

export interface NewMigrationOptions {
  readonly schemaPath: string;
  readonly migrationsDir: string;
  /** Free text; becomes the folder suffix (`add meeting notes` → `…_add_meeting_notes`). */
  readonly name: string;
  /**
   * A PostgreSQL server where a throwaway shadow database can be created: the migrations are replayed
   * there to learn the schema they produce. The target database itself is not changed.
   */
  readonly connection: pg.PoolConfig;
  readonly now?: Date;
}

export interface NewMigration {
  readonly directory: string;
  readonly sql: string;
}

/**
 * What `prisma migrate dev --create-only` does, offline: diff the schema that `migrationsDir`
 * produces against `schemaPath`, and write the difference as a new migration. Null when the schema
 * has no change to migrate.
 */
export async function createMigration(options: NewMigrationOptions): Promise<NewMigration | null> {
  const slug = migrationSlug(options.name);
  const schema = await readFile(options.schemaPath, 'utf8');
  const local = await readMigrationsDir(options.migrationsDir);
  const sql = await diffMigrationsToSchema(local, options.schemaPath, schema, options.connection);
  if (isEmptyMigration(sql)) return null;

  const directory = path.join(options.migrationsDir, `${nextTimestamp(local, options.now ?? new Date())}_${slug}`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'migration.sql'), sql);
  const lockPath = path.join(options.migrationsDir, MIGRATION_LOCK_FILE);
  if (!(await exists(lockPath))) await writeFile(lockPath, MIGRATION_LOCK_CONTENT);
  return { directory, sql };
}

async function diffMigrationsToSchema(
  local: MigrationsDir,
  schemaPath: string,
  schema: string,
  connection: pg.PoolConfig,
): Promise<string> {
  const adapterFactory = createMigrationAdapterFactory(connection);
  try {
    const result = await withSchemaEngine(adapterFactory, (engine) =>
      engine.diff({
        from: {
          tag: 'migrations',
          baseDir: local.dir,
          // The engine learns the provider from the lock file; a first migration has none yet.
          lockfile: { path: MIGRATION_LOCK_FILE, content: local.lockfile ?? MIGRATION_LOCK_CONTENT },
          shadowDbInitScript: '',
          migrationDirectories: local.migrations.map((m) => ({
            path: m.name,
            migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.script } },
          })),
        },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      }),
    );
    return result.stdout ?? '';
  } finally {
    await adapterFactory.close();
  }
}

function isEmptyMigration(sql: string): boolean {
  return sql.trim() === '' || /^-- This is an empty migration\.?$/.test(sql.trim());
}

/** Like Prisma: lower case, anything but letters and digits becomes `_`. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
  if (!slug)
    throw new Error(`"${name}" is not a usable migration name: use letters and digits, e.g. add_meeting_notes.`);
  return slug;
}

/** `YYYYMMDDHHMMSS` in UTC, as Prisma names folders; later than every existing one, so order holds. */
function nextTimestamp(local: MigrationsDir, now: Date): string {
  const candidate = format(now.getTime());
  const latest = local.migrations.at(-1)?.name.slice(0, 14);
  if (latest === undefined || !/^\d{14}$/.test(latest) || candidate > latest) return candidate;
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(latest.slice(at, at + (i === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  return format(Date.UTC(year, month - 1, day, hour, minute, second) + 1000);
}

function format(time: number): string {
  return new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
