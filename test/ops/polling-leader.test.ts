import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, withAdminClient, type TestDatabase } from '../support/test-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { AdvisoryLeader } from '../../src/ops/polling-leader.ts';

let database: TestDatabase;
const leaders: AdvisoryLeader[] = [];
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(leaders.splice(0).map((leader) => leader.stop()));
  await database.drop();
});

/** A contender for one role, with a log of what it was told. */
function contender(name: string): { leader: AdvisoryLeader; events: string[] } {
  const events: string[] = [];
  const leader = new AdvisoryLeader({
    connection: { connectionString: database.url },
    name,
    retryMs: 100,
    logger: silentLogger(),
  });
  leader.follow({ lead: async () => void events.push('lead'), resign: async () => void events.push('resign') });
  leaders.push(leader);
  return { leader, events };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the polling leader (a PostgreSQL advisory lock on a session of its own)', () => {
  it('GIVEN three contenders THEN exactly one leads; WHEN its session dies THEN it resigns and another leads', async () => {
    const all = [contender('polling:telegram:1'), contender('polling:telegram:1'), contender('polling:telegram:1')];
    await until(() => all.some((c) => c.leader.isLeader), 'a leader');
    await new Promise((resolve) => setTimeout(resolve, 500)); // five retry periods
    expect(all.filter((c) => c.leader.isLeader)).toHaveLength(1);
    const first = all.find((c) => c.leader.isLeader)!;

    // What the server does when a process dies: its session ends, and the lock with it.
    await withAdminClient((admin) =>
      admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = $1)`,
        [database.name],
      ),
    );
    await until(() => first.events.includes('resign'), 'the old leader to resign');
    // Whoever wins the next round (the old leader may, on a new session), there is again exactly one.
    await until(() => all.some((c) => c.leader.isLeader), 'a new leader');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(all.filter((c) => c.leader.isLeader)).toHaveLength(1);
    const leads = all.flatMap((c) => c.events).filter((e) => e === 'lead').length;
    expect(leads).toBe(2);
  });

  it('GIVEN a leader that stops THEN the role passes on; a different role is led at the same time', async () => {
    const a = contender('polling:telegram:1');
    await until(() => a.leader.isLeader, 'a to lead');
    const b = contender('polling:telegram:1');
    const other = contender('polling:bale:1');
    await until(() => other.leader.isLeader, 'the other role to be led');
    expect(b.leader.isLeader).toBe(false);
    await a.leader.stop();
    expect(a.events).toEqual(['lead', 'resign']);
    await until(() => b.leader.isLeader, 'b to lead');
  });
});
