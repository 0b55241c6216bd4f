/**
 * A feed's secret: 32 random bytes in base64url (43 characters), shown once in the feed's address
 * and never stored; the database keeps only its SHA-256, so a copy of the database opens no feed.
 */
import { createHash, randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;
/** `/feed/<secret>.ics`: what the HTTP server routes to the feeds. */
export const FEED_PATH_PREFIX = '/feed/';
const FEED_PATH = /^\/feed\/([A-Za-z0-9_-]{43})\.ics$/;

export function newFeedSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashFeedSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The path of a feed's address. */
export function feedPath(secret: string): string {
  return `${FEED_PATH_PREFIX}${secret}.ics`;
}

/** The secret a request path carries, or null when the path is not a feed's. */
export function secretInPath(path: string): string | null {
  return FEED_PATH.exec(path)?.[1] ?? null;
}
