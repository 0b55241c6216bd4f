/**
 * Loaded by vitest.config.ts only when no Chromium was found: says, once per run, that the browser
 * tests were left out and how to run them.
 */
export default function notice(): void {
  const where = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  console.log(
    `browser tests skipped: no Chromium at ${where} (apt-get install chromium, or set CHROMIUM_PATH), then npm run test:browser`,
  );
}
