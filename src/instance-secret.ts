import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file under DATA_DIR that holds the instance secret when HAMKAR_SECRET is not set. */
export const SECRET_FILE = 'secret';

/**
 * The instance secret: what anonymous ballots are keyed by (see `BallotKeys`). It is never written to
 * the database, so that a dump or a backup alone cannot tell whose a ballot is. `HAMKAR_SECRET` when
 * set (several instances on one DATABASE_URL share it); otherwise `DATA_DIR/secret`, made with 32
 * random bytes at first start, readable by the bot's user only.
 */
export async function loadInstanceSecret(options: { secret: string | undefined; dataDir: string }): Promise<Buffer> {
  if (options.secret) return Buffer.from(options.secret, 'utf8');
  await mkdir(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, SECRET_FILE);
  try {
    // `wx`: a second process starting at the same moment never overwrites the first one's secret.
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A copy restored with looser permissions is made private again.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32)
    throw new Error(`${file} holds no secret (fewer than 32 characters): restore it, or set HAMKAR_SECRET`);
  return Buffer.from(secret, 'utf8');
}
