import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of the web dashboard: a sign-in link's token and a session cookie's id. Each is 32 random
 * bytes in base64url (43 characters, safe in a URL and a cookie); the database keeps only its SHA-256,
 * so that a copy of the database (a backup) opens no one's dashboard.
 */
export function newDashboardSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function dashboardSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What a secret we made looks like: anything else is answered without a database query. */
export function looksLikeDashboardSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
