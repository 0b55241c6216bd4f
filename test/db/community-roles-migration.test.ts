import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations-dir.ts';
import { silentLogger } from '../../src/logger.ts';
import { emptyDatabase, migrationsBefore, withClient, type Cleanups } from '../support/migration-upgrade.ts';

/**
 * The migration that takes back the admin role `/setup join CODE` used to give (issue 14, item 1), run
 * as an upgrade does: on a database at the migration before it, holding data the old code wrote.
 */
const MIGRATION = '20261207020636_community_roles_and_join_codes';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('migration: community roles and join codes', () => {
  it('GIVEN admins made by /setup join THEN they lose admin (back to the role /role gave, else member), founders and /role grants stay, and every old code stops working', async () => {
    const connection = await emptyDatabase(cleanups, 'roles');
    await applyMigrations({
      connection,
      migrationsDir: await migrationsBefore(cleanups, MIGRATION),
      logger: silentLogger(),
    });

    // What the old code wrote: Founder made A; Joiner and Chair (a chair by /role first) bound groups to A
    // with its code; Other made B and bound a group to A too; Plain only wrote in a group.
    await withClient(connection, async (client) => {
      await client.query(`INSERT INTO "Member" (id, "displayName") VALUES
        (1, 'Founder'), (2, 'Joiner'), (3, 'Chair'), (4, 'Other'), (5, 'Plain')`);
      await client.query(
        `INSERT INTO "Community" (id, name, "joinCode") VALUES (1, 'A', 'AAAA2222'), (2, 'B', 'BBBB3333')`,
      );
      await client.query(`INSERT INTO "Membership" ("memberId", "communityId", role) VALUES
        (1, 1, 'admin'), (2, 1, 'admin'), (3, 1, 'admin'), (4, 1, 'admin'), (5, 1, 'member'), (4, 2, 'admin')`);
      await client.query(`INSERT INTO "AuditLog" ("communityId", "actorMemberId", action, details, "createdAt") VALUES
        (1, 1, 'community.create', '{"name":"A"}', '2026-01-01T00:00:00Z'),
        (2, 4, 'community.create', '{"name":"B"}', '2026-01-01T00:00:00Z'),
        (1, 1, 'role.grant', '{"memberId":3,"role":"curator"}', '2026-01-02T00:00:00Z'),
        (1, 1, 'role.grant', '{"memberId":3,"role":"chair"}', '2026-01-03T00:00:00Z'),
        (2, 4, 'role.grant', '{"memberId":2,"role":"chair"}', '2026-01-03T00:00:00Z'),
        (1, 2, 'chat.bind', '{"platform":"telegram","chat":"-2"}', '2026-01-04T00:00:00Z'),
        (1, 3, 'chat.bind', '{"platform":"telegram","chat":"-3"}', '2026-01-04T00:00:00Z'),
        (1, 4, 'chat.bind', '{"platform":"telegram","chat":"-4"}', '2026-01-04T00:00:00Z')`);
    });

    const applied = await applyMigrations({
      connection,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      logger: silentLogger(),
    });
    expect(applied[0]).toBe(MIGRATION);

    await withClient(connection, async (client) => {
      const roles = await client.query<{ memberId: number; communityId: number; role: string }>(
        `SELECT "memberId", "communityId", role::text FROM "Membership" ORDER BY "communityId", "memberId"`,
      );
      expect(roles.rows).toEqual([
        { memberId: 1, communityId: 1, role: 'admin' }, // the founder
        { memberId: 2, communityId: 1, role: 'member' }, // admin only by the code (a grant in B does not count in A)
        { memberId: 3, communityId: 1, role: 'chair' }, // the latest role an admin gave, kept
        { memberId: 4, communityId: 1, role: 'member' }, // a founder elsewhere is no founder here
        { memberId: 5, communityId: 1, role: 'member' },
        { memberId: 4, communityId: 2, role: 'admin' }, // B's founder
      ]);
      const codes = await client.query(`SELECT "joinCode", "joinCodeExpiresAt" FROM "Community"`);
      expect(codes.rows).toEqual([
        { joinCode: null, joinCodeExpiresAt: null },
        { joinCode: null, joinCodeExpiresAt: null },
      ]);
      const logged = await client.query<{ communityId: number; actorMemberId: number | null; details: unknown }>(
        `SELECT "communityId", "actorMemberId", details FROM "AuditLog"
          WHERE action = 'role.join-code-admin-removed' ORDER BY details ->> 'memberId'`,
      );
      expect(logged.rows).toEqual([
        { communityId: 1, actorMemberId: null, details: { memberId: 2, role: 'member' } },
        { communityId: 1, actorMemberId: null, details: { memberId: 3, role: 'chair' } },
        { communityId: 1, actorMemberId: null, details: { memberId: 4, role: 'member' } },
      ]);
    });
  });
});
