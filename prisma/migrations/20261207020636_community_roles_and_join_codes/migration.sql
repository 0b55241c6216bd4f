-- Join codes: single-use, valid for 24 hours, shown only to community admins (issue 14, item 1).
-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "joinCodeExpiresAt" TIMESTAMPTZ(3),
ALTER COLUMN "joinCode" DROP NOT NULL;

-- Every code made so far was posted in a group, where any member could read it: none works any more.
-- A community admin gets a new one, privately, with `/setup code`.
UPDATE "Community" SET "joinCode" = NULL, "joinCodeExpiresAt" = NULL;

-- Until now `/setup join CODE` made whoever ran it an admin of the whole community. Roles now come only
-- from the community: its founder is its first admin, and admins grant the other roles with `/role`.
--
-- The rule, exact for data written by the code before this migration: an admin membership stays admin
-- only when its member founded the community, i.e. is the actor of the community's `community.create`
-- audit entry (`/link` moves audit actors to the member they merge into, so a founder who linked
-- accounts is still found). No other way gave a stored admin role: `/role` grants only chair, curator
-- and member, a chat admin's platform status was never stored, and mapped Discord roles live in
-- "mappedRole", not in "role". So every other admin membership came from `/setup join`; it goes back to
-- the role last granted to that member in that community with `/role` (its latest `role.grant` audit
-- entry), or to member when none was. Each change is written to the audit log with no actor.
-- A community whose founder is gone (`/forgetme`) may be left without an admin: README "Security and
-- privacy" says how an operator appoints one.
WITH demoted AS (
  UPDATE "Membership" ms
  SET role = COALESCE(
    (SELECT (g.details ->> 'role')::"Role"
       FROM "AuditLog" g
      WHERE g."communityId" = ms."communityId"
        AND g.action = 'role.grant'
        AND g.details ->> 'memberId' = ms."memberId"::text
      ORDER BY g."createdAt" DESC, g.id DESC
      LIMIT 1),
    'member'::"Role")
  WHERE ms.role = 'admin'
    AND NOT EXISTS (
      SELECT 1 FROM "AuditLog" f
       WHERE f."communityId" = ms."communityId"
         AND f.action = 'community.create'
         AND f."actorMemberId" = ms."memberId")
  RETURNING ms."communityId", ms."memberId", ms.role
)
INSERT INTO "AuditLog" ("communityId", "actorMemberId", action, details)
SELECT "communityId", NULL, 'role.join-code-admin-removed', jsonb_build_object('memberId', "memberId", 'role', role::text)
FROM demoted;
