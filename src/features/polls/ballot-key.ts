import { createHmac, randomBytes } from 'node:crypto';

/**
 * The ballot of a member in an anonymous poll: HMAC-SHA256 of the poll and member ids under a key the
 * bot keeps. It is the same for the same member and poll (so that a second vote replaces the first,
 * and a nudge knows who has voted), and says nothing about the member without the key.
 */
export function anonymousBallot(key: string, pollId: number, memberId: number): string {
  return createHmac('sha256', key).update(`poll:${pollId}:member:${memberId}`).digest('base64url');
}

/** The ballot of a member in a named poll: who they are is kept, for chairs. */
export function namedBallot(memberId: number): string {
  return String(memberId);
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
