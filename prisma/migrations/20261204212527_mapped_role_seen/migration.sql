-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "mappedRolePlatform" TEXT,
ADD COLUMN     "mappedRoleSeenAt" TIMESTAMP(3);

-- A mapped role remembered before this carries no platform and no time it was confirmed: it would count
-- nowhere now, so it goes; each holder's next command in the server remembers it again.
UPDATE "Membership" SET "mappedRole" = NULL WHERE "mappedRole" IS NOT NULL;
