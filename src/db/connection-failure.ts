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

/** JavaScript's own errors: a bug in the code, never the database's state. */
const CODE_BUGS = [TypeError, RangeError, ReferenceError, SyntaxError];
/**
 * SQLSTATE classes of a statement that fails on its own, whenever it runs: data exceptions (22),
 * constraint violations (23), syntax errors and undefined objects (42).
 */
const STATEMENT_FAILURE_CLASSES = ['22', '23', '42'];
const PRISMA_MAYBE_OUTAGE = new Set(['P2010', 'P2024', 'P2028', 'P2034']);
/** The same, as Prisma's driver adapters name them (`driverAdapterError.cause.kind`). */
const STATEMENT_FAILURE_KINDS = new Set([
  'UniqueConstraintViolation',
  'NullConstraintViolation',
  'ForeignKeyConstraintViolation',
  'InvalidInputValue',
  'ValueOutOfRange',
  'TableDoesNotExist',
  'ColumnNotFound',
  'LengthMismatch',
  'UnsupportedNativeDataType',
]);

/**
 * False only when the error certainly says something other than "the database is not there": a bug in
 * the code, Prisma refusing a query it was given, a constraint or a statement that fails whenever it
 * runs. Anything else — refused, lost or timed-out connections, a server starting up or shutting down,
 * a database not accepting connections, an error we do not know — counts as an outage worth waiting for:
 * retrying an error that turns out permanent costs a stuck update, giving up on an outage loses it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (CODE_BUGS.some((type) => current instanceof type)) return false;
    const { name, code, kind, meta, cause } = current as {
      name?: unknown;
      code?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
      cause?: unknown;
    };
    if (name === 'PrismaClientValidationError') return false;
    const adapterCause = meta?.driverAdapterError?.cause;
    // Prisma's request errors (P2xxx) are about the query, except a pool timeout, a transaction cut off,
    // a write conflict, and a raw query's failure, whose cause (read next) tells.
    if (typeof code === 'string' && /^P2\d{3}$/.test(code) && !PRISMA_MAYBE_OUTAGE.has(code)) return false;
    if (typeof kind === 'string' && STATEMENT_FAILURE_KINDS.has(kind)) return false;
    if (typeof code === 'string' && STATEMENT_FAILURE_CLASSES.includes(code.slice(0, 2)) && /^\w{5}$/.test(code)) {
      return false;
    }
    current = adapterCause ?? cause;
  }
  return true;
}
