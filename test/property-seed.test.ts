import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_PROPERTY_SEED } from './support/fixed-property-seed.ts';

/** `npm test` must pass or fail the same way every run: its properties draw from one seed. */
describe('property tests in npm test', () => {
  it('GIVEN the test run without HAMKAR_FUZZ THEN every property draws from the fixed seed', () => {
    expect(fc.readConfigureGlobal().seed).toBe(FIXED_PROPERTY_SEED);
  });
});
