import type { Db } from '../../db/prisma-client.ts';
import { anonymousBallot, type BallotKeys } from './ballot-key.ts';

/** A start whose secret is not the one this database's anonymous ballots were made with. */
export class BallotSecretMismatchError extends Error {
  override name = 'BallotSecretMismatchError';
  constructor() {
    super(
      'The instance secret (HAMKAR_SECRET, or DATA_DIR/secret) is not the one this database was used with: ' +
        'open anonymous polls would not recognise their voters. Restore the database\'s own secret (README "Backups").',
    );
  }
}

/**
 * The one `PollSecret` row: the check of the instance secret, and the stored key of before (see the
 * migration ballot_key_from_instance_secret), which the first start with the secret re-keys away.
 */
export class BallotKeyStore {
  constructor(private readonly db: Db) {}

  /**
   * Settles the database on these keys, once per process before the first ballot: a new database
   * records their check; one with a legacy key has every member's ballot in each open anonymous poll
   * re-keyed, in the same transaction (the row is locked, so that two instances starting together
   * re-key once); one with another secret's check is refused.
   */
  async adopt(keys: BallotKeys): Promise<void> {
    await this.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`INSERT INTO "PollSecret" (id, "secretCheck") VALUES (1, ${keys.check}) ON CONFLICT (id) DO NOTHING`;
        const [row] = await tx.$queryRaw<Array<{ legacyKey: string | null; secretCheck: string | null }>>`
          SELECT "legacyKey", "secretCheck" FROM "PollSecret" WHERE id = 1 FOR UPDATE`;
        if (row!.secretCheck !== null && row!.secretCheck !== keys.check) throw new BallotSecretMismatchError();
        if (row!.legacyKey === null) {
          // A row emptied by hand (a lost secret, README "Backups") takes this secret's check.
          if (row!.secretCheck === null) {
            await tx.$executeRaw`UPDATE "PollSecret" SET "secretCheck" = ${keys.check} WHERE id = 1`;
          }
          return;
        }
        const polls = await tx.$queryRaw<Array<{ id: number }>>`
          SELECT id FROM "Poll" WHERE anonymous AND "closedAt" IS NULL`;
        const members = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM "Member"`;
        const pollIds: number[] = [];
        const from: string[] = [];
        const to: string[] = [];
        for (const poll of polls) {
          for (const member of members) {
            pollIds.push(poll.id);
            from.push(anonymousBallot(row!.legacyKey, poll.id, member.id));
            to.push(anonymousBallot(keys.key, poll.id, member.id));
          }
        }
        if (pollIds.length > 0) {
          await tx.$executeRaw`
            UPDATE "PollVote" v SET voter = m.new_voter
            FROM unnest(${pollIds}::int[], ${from}::text[], ${to}::text[]) AS m(poll_id, old_voter, new_voter)
            WHERE v."pollId" = m.poll_id AND v.voter = m.old_voter`;
        }
        await tx.$executeRaw`UPDATE "PollSecret" SET "legacyKey" = NULL, "secretCheck" = ${keys.check} WHERE id = 1`;
      },
      { timeout: 120_000 },
    );
  }
}
