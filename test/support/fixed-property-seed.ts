import fc from 'fast-check';

/**
 * `npm test` runs every fast-check property with one fixed seed, so that it passes or fails the same
 * way on every run and every machine. `npm run fuzz` (HAMKAR_FUZZ=1) leaves the seed to fast-check, which
 * draws a new one each run and prints it with any counterexample: keep that counterexample as a plain
 * case (test/property/counterexamples.test.ts) before fixing it.
 */
export const FIXED_PROPERTY_SEED = 20_261_207;

if (process.env.HAMKAR_FUZZ !== '1') fc.configureGlobal({ seed: FIXED_PROPERTY_SEED });
