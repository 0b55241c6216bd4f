import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProcessRunning, processStartTime } from './process-info.ts';

export const LOCK_FILE_NAME = 'hamkar.lock';

/** Another live Hamkar process holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `DATA_DIR ${dataDir} is already open in this Hamkar process (pid ${pid}).`
        : `DATA_DIR ${dataDir} is in use by another Hamkar process (pid ${pid}). Stop that process first, or give this one another DATA_DIR.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Synchronous, so that it can run from a process 'exit' handler too. Idempotent. */
  release(): void;
}

interface LockOwner {
  pid: number;
  startTime: string | null;
}

/**
 * Takes `<dataDir>/hamkar.lock`, which names the Hamkar process that owns the data directory.
 * A lock whose process is gone (the bot was killed) is stale and taken over.
 *
 * The file is written under a temporary name and then hard-linked into place: `link` fails when
 * the target exists, like an open with 'wx', but the lock never exists half-written, so a reader
 * cannot mistake a lock being created for a broken, stale one.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid) };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, content)) return heldLock(lockPath, content);
    const owner = readOwner(lockPath);
    if (owner && isOwnerAlive(owner)) throw new DataDirInUseError(dataDir, owner.pid);
    removeStaleLock(lockPath, owner);
  }
  throw new Error(`Could not take ${lockPath}: other processes keep replacing it.`);
}

function tryCreate(lockPath: string, content: string): boolean {
  const temporary = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, content, { mode: 0o644 });
  try {
    linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function heldLock(lockPath: string, content: string): DataDirLock {
  let held = true;
  return {
    path: lockPath,
    release() {
      if (!held) return;
      held = false;
      // Only remove the file while it is still ours (never another process's fresh lock).
      if (readText(lockPath) === content) unlinkQuietly(lockPath);
    },
  };
}

function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessRunning(owner.pid)) return false;
  // Same pid but another start time: the pid was reused after the owner died (e.g. after a reboot).
  const startTime = processStartTime(owner.pid);
  return owner.startTime === null || startTime === null || owner.startTime === startTime;
}

/**
 * Two processes may find the same stale lock at once; if both simply unlinked it, the slower one
 * could delete the lock the faster one had just created. Renaming is atomic, so only one process
 * moves a given file aside; whoever moved a fresh lock by mistake puts it back.
 */
function removeStaleLock(lockPath: string, stale: LockOwner | null): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const sameAsJudged = moved?.pid === stale?.pid && moved?.startTime === stale?.startTime;
  if (!sameAsJudged) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third process created a lock in the meantime; it owns the directory now.
    }
  }
  unlinkQuietly(aside);
}

function readOwner(file: string): LockOwner | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, startTime: typeof parsed.startTime === 'string' ? parsed.startTime : null };
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
