import { z } from 'zod';

/**
 * The environment, validated once at start. A bad or missing variable stops the start with one
 * message naming each bad variable and what it expects. `.env.example` documents every variable.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** What Telegram accepts as a webhook's secret token. */
const SECRET_CHARSET = '1 to 256 characters of A-Z, a-z, 0-9, _ and -';
const PORT_RANGE = 'must be a port number from 1 to 65535';
const SECRET_LENGTH = 'must be at least 32 random characters (openssl rand -base64 32)';
/** Discord's ids (snowflakes): 17 to 20 digits today. */
const SNOWFLAKE = /^\d{15,21}$/;

const environmentSchema = z.object({
  DATA_DIR: z.string().trim().min(1, 'must be a folder path').default('./data'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must be a postgresql://user:password@host:port/database URL, or unset for the embedded database',
      )
      .optional(),
  ),
  DATABASE_CONNECT_TIMEOUT_SECONDS: wholeNumber(1, 300, 10),
  // The instance secret (README "Backups"): anonymous ballots are keyed by it, and it is never stored in
  // the database. Unset: DATA_DIR/secret, made at first start. Required with DATABASE_URL, the same in
  // every instance.
  HAMKAR_SECRET: optionalText.pipe(z.string().min(32, SECRET_LENGTH).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json', 'auto']).default('auto'),
  CONSOLE_USER_NAME: optionalText,
  CONSOLE_COMMUNITY_NAME: z.string().trim().min(1).max(100).default('Local community'),
  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must be the token @BotFather gave, like 123456789:AAE…')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, 'must be an http(s):// URL of a Bot API server')
      .default('https://api.telegram.org'),
  ),
  // The operator's own Bot API server (telegram-bot-api --local) at TELEGRAM_API_ROOT: files it names by
  // a path on this machine are read from disk. Off, such a path is refused (README "Telegram").
  TELEGRAM_LOCAL_FILES: onOff('off'),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+\S*$/, 'must be the public https:// URL Telegram posts updates to')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, `must be ${SECRET_CHARSET}`)
      .optional(),
  ),
  // Bale (بله): the same adapter against Bale's Telegram-style Bot API, as platform `bale` (README "Bale").
  BALE_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, "must be the token Bale's @botfather gave, like 123456789:AbC…")
      .optional(),
  ),
  BALE_API_ROOT: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, "must be an http(s):// URL of Bale's Bot API")
      .default('https://tapi.bale.ai'),
  ),
  // Discord (README "Discord"): the bot token and application id from the Developer Portal.
  DISCORD_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/,
        "must be the bot's token from the Developer Portal (Bot → Reset Token)",
      )
      .optional(),
  ),
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z.string().regex(SNOWFLAKE, "must be the application's id (General Information → Application ID)").optional(),
  ),
  DISCORD_GUILD_ID: optionalText.pipe(
    z
      .string()
      .regex(SNOWFLAKE, "must be a server's id (Developer Mode on → right-click the server → Copy Server ID)")
      .optional(),
  ),
  DISCORD_API: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+\S*$/, "must be an http(s):// URL of Discord's REST API (a proxy or a test server)")
      .default('https://discord.com/api'),
  ),
  FLOOD_LIMIT_PER_MINUTE: wholeNumber(1, 10_000, 20),
  REMINDER_GRACE_HOURS: wholeNumber(0, 168, 6),
  REMINDER_TICK_SECONDS: wholeNumber(1, 59, 15),
  // Operations and several instances (README "Deployment" and "Metrics").
  HTTP_SERVER: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  ),
  HTTP_HOST: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.:[\]-]+$/, 'must be an address to listen on, like 127.0.0.1, 0.0.0.0 or ::')
      .default('127.0.0.1'),
  ),
  OUTBOX_LEASE_SECONDS: wholeNumber(3, 3_600, 60),
  OUTBOX_GIVE_UP_HOURS: wholeNumber(1, 720, 24),
  LEADER_RETRY_SECONDS: wholeNumber(1, 60, 5),
  TELEGRAM_MAX_PER_SECOND: wholeNumber(1, 1_000, 29),
  // An empty value (as copied from .env.example) means the default.
  PORT: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number({ error: PORT_RANGE }).int(PORT_RANGE).min(1, PORT_RANGE).max(65_535, PORT_RANGE).default(8080),
  ),
  // Where members' calendar apps reach this bot's HTTP server (README "Calendar feeds"): the base of
  // the feed addresses /feed gives. Unset: http://127.0.0.1:PORT, which only this machine reaches.
  PUBLIC_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
        'must be the http(s):// address the HTTP server is reached at from outside, like https://bot.example.org',
      )
      .optional(),
  ),
});

const configSchema = environmentSchema.transform((config) => ({
  ...config,
  // Without a trailing slash: feed addresses are PUBLIC_URL + /feed/….
  PUBLIC_URL: (config.PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, ''),
}));

export type Config = z.infer<typeof configSchema>;

/** `on` or `off`; empty or unset means the default. */
function onOff(fallback: 'on' | 'off') {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.enum(['on', 'off'], { error: 'must be on or off' }).default(fallback),
  );
}

/** A whole number in [min, max]; empty or unset means the default. */
function wholeNumber(min: number, max: number, fallback: number) {
  const expected = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number({ error: expected }).int(expected).min(min, expected).max(max, expected).default(fallback),
  );
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  // Name the variable and what it expects, never its value: it may be a secret.
  const lines = result.success ? [] : result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  // Checked on the raw values, so that it is reported beside any other bad variable.
  if (env.TELEGRAM_WEBHOOK_URL?.trim() && !env.TELEGRAM_WEBHOOK_SECRET?.trim()) {
    lines.push(`  TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set (${SECRET_CHARSET})`);
  }
  if (env.DATABASE_URL?.trim() && !env.HAMKAR_SECRET?.trim()) {
    lines.push(`  HAMKAR_SECRET: is required when DATABASE_URL is set, the same in every instance (${SECRET_LENGTH})`);
  }
  if (env.DISCORD_TOKEN?.trim() && !env.DISCORD_APPLICATION_ID?.trim()) {
    lines.push(
      '  DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set (General Information → Application ID)',
    );
  }
  if (result.success && lines.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
