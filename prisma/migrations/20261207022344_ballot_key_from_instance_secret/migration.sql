-- Anonymous ballots were HMACs under PollSecret.key, a key stored in this database: anyone holding a
-- dump or a backup could recompute every member's ballot and read how they voted. The key now comes
-- from the instance secret (DATA_DIR/secret or HAMKAR_SECRET), which is never stored here.
--
-- Existing data: SQL cannot compute the new ballots (the secret is not in the database), and simply
-- switching keys would make every open poll forget who voted (a second vote would count). So the old
-- key is kept as "legacyKey" for one start: the first start with the secret re-keys, in one
-- transaction, each member's ballot in every open anonymous poll (old HMAC → new HMAC), then clears
-- "legacyKey" (src/features/polls/ballot-key-store.ts). Closed polls' ballots are not re-keyed: their
-- counts stand, and once the old key is gone nobody can match them to members. Backups taken before
-- that start still hold the old key; the README says to replace them.
--
-- "secretCheck" (an HMAC under the secret, which reveals nothing of it) lets a start with a different
-- secret be refused instead of silently counting members twice.
ALTER TABLE "PollSecret" RENAME COLUMN "key" TO "legacyKey";
ALTER TABLE "PollSecret" ALTER COLUMN "legacyKey" DROP NOT NULL;
ALTER TABLE "PollSecret" ADD COLUMN "secretCheck" TEXT;
