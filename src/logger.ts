import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/**
 * Secrets that must never reach a log line. Telegram puts its token in every request URL
 * (`/bot<TOKEN>/sendMessage`), so errors of HTTP clients carry it; scrub every string we log.
 */
const knownSecrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 6) knownSecrets.add(secret);
}

const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\/bot\d+:[A-Za-z0-9_-]{20,}/g, '/bot[redacted]'], // Telegram / Bale bot API paths
  [/\b\d{6,}:[A-Za-z0-9_-]{30,}\b/g, '[redacted]'], // bare Telegram tokens
  [/\b[MNO][A-Za-z0-9_-]{23,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}\b/g, '[redacted]'], // Discord bot tokens
  [/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1[redacted]@'], // passwords inside database URLs
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactSecrets(value.message),
      stack: value.stack ? redactSecrets(value.stack) : undefined,
      ...(value.cause !== undefined ? { cause: redactDeep(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /token|secret|password|authorization/i.test(k) ? '[redacted]' : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

export interface LoggerOptions {
  level?: string;
  /** Pretty, human-readable lines (a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Where lines go; stderr by default so that the console chat keeps stdout. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const pretty = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  const base = {
    level: options.level ?? 'info',
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => redactDeep(a)),
        );
      },
    },
    serializers: { err: (e: unknown) => redactDeep(e) },
  };
  if (pretty) {
    // pino-pretty as a stream (not a worker transport) keeps shutdown synchronous and simple. Required
    // here, not imported: a bot logging JSON lines (a service, a container) never loads its 30 modules.
    const prettyStream = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    const stream = prettyStream({
      destination,
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      sync: true,
    });
    return pino(base, stream);
  }
  return pino(base, destination as pino.DestinationStream);
}

/** A logger that writes nothing: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
