/**
 * The environment of a bot process a test or a bench starts: this machine's, without anything that
 * would point the bot at a real platform, a shared database or another instance secret (a developer's
 * shell may have TELEGRAM_BOT_TOKEN or DATABASE_URL set), with its own DATA_DIR, JSON logs, and then
 * what the caller sets.
 */
export function botEnvironment(dataDir: string, settings: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!MACHINE_ONLY.test(name)) env[name] = value;
  }
  return { ...env, DATA_DIR: dataDir, LOG_FORMAT: 'json', ...settings };
}

const MACHINE_ONLY = /^(TELEGRAM_|BALE_|DISCORD_|DATABASE_URL$|HAMKAR_SECRET$)/;
