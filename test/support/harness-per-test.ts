import { afterEach, expect } from 'vitest';

interface ClosableHarness {
  close(): Promise<void>;
  /** Every line the bot logged during the test. */
  readonly logs: readonly string[];
}

/**
 * One harness per test: `hold` it when started; after each test it is closed, and every line the bot
 * logged is searched for each secret (platform clients carry the token in every request, so a log line
 * with a URL or a header would give it away). `afterClose` adds a file's own checks of the closed harness.
 */
export function harnessPerTest<H extends ClosableHarness>(
  secrets: readonly string[],
  afterClose?: (harness: H) => void,
): { hold(harness: H): H } {
  let current: H | undefined;
  afterEach(async () => {
    const harness = current;
    current = undefined;
    if (!harness) return;
    await harness.close();
    const logs = harness.logs.join('');
    for (const secret of secrets) expect(logs, 'a secret in the logs').not.toContain(secret);
    afterClose?.(harness);
  });
  return {
    hold(harness: H): H {
      current = harness;
      return harness;
    },
  };
}
