import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud in meetings and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A join code's length: 31⁸ ≈ 8.5 × 10¹¹ codes, and one is valid at a time for a day. */
export const JOIN_CODE_LENGTH = 8;

/** How long a join code works: long enough to pass it to another chat's admin, short enough to leak little. */
export const JOIN_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export function newCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * Codes as members type them: any case, Persian digits, stray spaces, and the bidi marks a Persian
 * reply puts around the code (copied along with it).
 */
export function normalizeCode(input: string): string {
  return input
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/g, '')
    .toUpperCase();
}
