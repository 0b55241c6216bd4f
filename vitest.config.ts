import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { SlowFilesFirst } from './test/support/slow-files-first.ts';

/** `npm run fuzz`: only the property tests, with random seeds (see test/support/fixed-property-seed.ts). */
const fuzzing = process.env.HAMKAR_FUZZ === '1';

/**
 * The browser tests (test/browser) drive Debian's Chromium: they run when it is there (or CHROMIUM_PATH
 * names one), and always under `npm run test:browser`, which then fails plainly if there is none.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = process.env.HAMKAR_BROWSER_TESTS === '1' || existsSync(chromiumPath);

export default defineConfig({
  test: {
    include: fuzzing ? ['test/property/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: browserTests ? configDefaults.exclude : [...configDefaults.exclude, 'test/browser/**'],
    globalSetup: [
      'test/support/global-setup.ts',
      ...(browserTests || fuzzing ? [] : ['test/support/browser-tests-skipped.ts']),
    ],
    setupFiles: ['test/support/fixed-property-seed.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker keeps its modules from one test file to the next: importing the bot's modules again for
    // each of 200 files cost more worker time than a quarter of the tests (import 523 s of 3,500 s). No
    // test mocks a module; the few global changes (fake timers) are undone in the test that makes them.
    isolate: false,
    sequence: { sequencer: SlowFilesFirst },
    // Most test files wait (on the database's fsync, on real bot processes, on platform fakes' pacing)
    // more than they compute: three at a time on a 2-core machine halves the suite's wall time, where
    // vitest's default (cores - 1) would run them one by one.
    maxWorkers: 3,
  },
});
