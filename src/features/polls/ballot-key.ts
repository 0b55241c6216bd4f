import { createHmac, randomBytes } from 'node:crypto';

/**
 * The keys of anonymous ballots, derived from the instance secret (src/instance-secret.ts), which is
 * never stored in the database: the ballot hashes in a dump or a backup cannot be matched to members
 * without it. `check` is what the database keeps to notice a start with another secret (an HMAC under
 * the secret: it reveals nothing of it).
 */
export class BallotKeys {
  readonly key: string;
  readonly check: string;

  constructor(secret: Buffer) {
    this.key = createHmac('sha256', secret).update('hamkar:anonymous-ballots:v2').digest('base64url');
    this.check = createHmac('sha256', secret).update('hamkar:secret-check').digest('base64url');
  }

  /** Ballot keys of this member in these polls (what `/forgetme` withdraws). */
  ballotsOf(memberId: number, pollIds: readonly number[]): Array<{ pollId: number; voter: string }> {
    return pollIds.map((pollId) => ({ pollId, voter: anonymousBallot(this.key, pollId, memberId) }));
  }
}

/** Keys for a process given no secret (tests, tools): random, so the same only within this process. */
let processKeys: BallotKeys | undefined;
export function processBallotKeys(): BallotKeys {
  processKeys ??= new BallotKeys(randomBytes(32));
  return processKeys;
}

/**
 * The ballot of a member in an anonymous poll: HMAC-SHA256 of the poll and member ids under the ballot
 * key. It is the same for the same member and poll (so that a second vote replaces the first, and a
 * nudge knows who has voted), and says nothing about the member without the key.
 */
export function anonymousBallot(key: string, pollId: number, memberId: number): string {
  return createHmac('sha256', key).update(`poll:${pollId}:member:${memberId}`).digest('base64url');
}

/** The ballot of a member in a named poll: who they are is kept, for chairs. */
export function namedBallot(memberId: number): string {
  return String(memberId);
}
