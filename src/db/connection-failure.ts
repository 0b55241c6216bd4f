/** What pg and Node say when a database server cannot be reached or refuses us, in words an operator acts on. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there (connection refused)',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENOENT: 'there is no server socket there',
  '28P01': 'the password was refused',
  '28000': 'the user may not connect',
  '3D000': 'the database does not exist',
};

/** pg's own words when `connectionTimeoutMillis` passes before the server answers (it sets no code). */
const PG_CONNECT_TIMEOUT_MESSAGES = new Set(['timeout expired', 'Connection terminated due to connection timeout']);
const NO_ANSWER = 'the server did not answer in time (DATABASE_CONNECT_TIMEOUT_SECONDS)';

/**
 * The one line a failed start prints when the database is out of reach: where (`describe` never holds
 * the password) and why, instead of a bare `connect ECONNREFUSED`. Other errors pass through unchanged.
 */
export function describeConnectionFailure(error: unknown, describe: string): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const reason =
    typeof code === 'string'
      ? REASONS[code]
      : typeof message === 'string' && PG_CONNECT_TIMEOUT_MESSAGES.has(message)
        ? NO_ANSWER
        : undefined;
  if (!reason) return error;
  return new Error(
    `Cannot reach the database (${describe}): ${reason}. Check DATABASE_URL and that the server is running.`,
    { cause: error },
  );
}
