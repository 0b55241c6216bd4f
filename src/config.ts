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

const configSchema = z.object({
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json', 'auto']).default('auto'),
  CONSOLE_USER_NAME: optionalText,
  CONSOLE_COMMUNITY_NAME: z.string().trim().min(1).max(100).default('Local community'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  // Name the variable and what it expects, never its value: it may be a secret.
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
