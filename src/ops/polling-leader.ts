import pg from 'pg';
import type { Logger } from '../logger.ts';
import { withUtcSession } from '../db/utc-session.ts';

/** What a leader does: start its work once it leads, and stop it when it no longer may. */
export interface Leadership {
  /** Calls `lead` once this process holds the role, `resign` when it loses it (then tries again). */
  follow(work: { lead: () => Promise<void>; resign: () => Promise<void> }): void;
  /** Resigns (if leading) and lets the role go to another process. */
  stop(): Promise<void>;
}

export interface AdvisoryLeaderOptions {
  /** The database every instance shares (not Prisma's pool: the lock lives on one session). */
  connection: pg.ClientConfig;
  /** What the role is, e.g. `telegram-polling:<botId>`: one holder per name. */
  name: string;
  /** How often a follower tries to take the role, and how often the leader checks its session. */
  retryMs: number;
  logger: Logger;
}

/**
 * One role held by at most one process among those sharing a PostgreSQL database: a session-level
 * advisory lock on a dedicated connection. When the holder dies, the server ends its session and the
 * lock is free; the others try every `retryMs` and one of them takes over. A leader whose session
 * breaks (the server restarted, the network failed) resigns at once, since someone else may hold the
 * lock by now, and competes again.
 */
export class AdvisoryLeader implements Leadership {
  private client: pg.Client | undefined;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private work: { lead: () => Promise<void>; resign: () => Promise<void> } | undefined;
  /** One attempt or check at a time; `stop` waits for it. */
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly options: AdvisoryLeaderOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  follow(work: { lead: () => Promise<void>; resign: () => Promise<void> }): void {
    this.work = work;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
    if (this.leading) await this.resign('stopping');
    const client = this.client;
    this.client = undefined;
    // Ending the session releases the lock.
    await client?.end().catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.busy = this.step().finally(() => this.schedule(this.options.retryMs));
    }, delayMs);
  }

  /** A follower tries to take the lock; a leader checks that its session is still there. */
  private async step(): Promise<void> {
    try {
      const client = await this.session();
      if (this.leading) {
        await client.query('SELECT 1');
        return;
      }
      const result = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [`hamkar:${this.options.name}`],
      );
      if (!result.rows[0]?.locked || this.stopped) return;
      this.leading = true;
      this.options.logger.info({ role: this.options.name, pid: process.pid }, 'leader: this process took the role');
      await this.work?.lead();
    } catch (error) {
      this.options.logger.warn({ err: error, role: this.options.name }, 'leader lock: database session failed');
      await this.dropSession();
    }
  }

  private async session(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client(withUtcSession({ ...this.options.connection, keepAlive: true }));
    // A broken session must not crash the process: the leader resigns and everyone competes again.
    client.on('error', (error) => {
      this.options.logger.warn({ err: error, role: this.options.name }, 'leader lock: session lost');
      void this.dropSession();
    });
    client.on('end', () => {
      if (this.client === client && !this.stopped) void this.dropSession();
    });
    this.client = client;
    await client.connect();
    return client;
  }

  private async dropSession(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.leading) await this.resign('database session lost');
    await client?.end().catch(() => undefined);
  }

  private async resign(reason: string): Promise<void> {
    this.leading = false;
    const level = reason === 'stopping' ? 'info' : 'warn';
    this.options.logger[level]({ role: this.options.name, reason }, 'leader: this process gave up the role');
    try {
      await this.work?.resign();
    } catch (error) {
      this.options.logger.error({ err: error, role: this.options.name }, 'leader: stopping the work failed');
    }
  }
}
