import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: only the property tests, with random seeds (see test/support/fixed-property-seed.ts). */
const fuzzing = process.env.HAMKAR_FUZZ === '1';

export default defineConfig({
  test: {
    include: fuzzing ? ['test/property/**/*.test.ts'] : ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/fixed-property-seed.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files wait (on the database's fsync, on real bot processes, on platform fakes' pacing)
    // more than they compute: three at a time on a 2-core machine halves the suite's wall time, where
    // vitest's default (cores - 1) would run them one by one.
    maxWorkers: 3,
  },
});
