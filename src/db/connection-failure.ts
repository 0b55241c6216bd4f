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

/** Node's and pg's words for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT',
  // Prisma: can't reach, timed out, closed the connection, no free connection in the pool.
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  // PostgreSQL: connection exceptions (class 08), shutting down or starting up, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** The driver adapter's kinds (Prisma's `driverAdapterError.cause.kind`) that mean the same. */
const CONNECTION_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const CONNECTION_MESSAGE =
  /Connection terminated|connection (?:is )?(?:closed|ended)|timeout (?:expired|exceeded when trying to connect)|Can't reach database|terminating connection|server closed the connection/i;

/**
 * True when the error says the database is out of reach or the connection was lost (worth waiting for),
 * as opposed to a query that fails on its own (a bug, a constraint): looked for in the error, its
 * causes, and the driver adapter's error that Prisma wraps.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, message, meta, cause, kind } = current as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
      cause?: unknown;
      kind?: unknown;
    };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof kind === 'string' && CONNECTION_KINDS.has(kind)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) return true;
    const adapterCause = meta?.driverAdapterError?.cause;
    if (adapterCause) {
      current = adapterCause;
      continue;
    }
    current = cause;
  }
  return false;
}
