import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, readFixture } from '../dicom/testing/fixtureFiles';
import { runImageFuzz } from './imageFuzzRun';

/**
 * The CI part of the project's fuzz test (scripts/fuzz.ts runs thousands): 10 seeded mutants of every
 * image fixture. Nothing but the product's error escapes, every message is one clear line, and a
 * header edit that contradicts the pixel data is refused or warned about.
 */
const fixtures = readdirSync(FIXTURE_DIR)
  .filter((name) => !/\.(json|txt|npy)$/.test(name))
  .sort()
  .map((name) => [name, readFixture(name)] as const);

describe('image decoding under seeded mutations', () => {
  it('never crashes, never speaks in internals, never accepts a contradicting header silently', async () => {
    const summary = await runImageFuzz(fixtures, 10, 14);
    expect(summary.cases).toBeGreaterThanOrEqual(250);
    expect(summary.failures).toEqual([]);
    // The corpus exercises every outcome the product has.
    expect(summary.counts.refused).toBeGreaterThan(0);
    expect(summary.counts.decoded).toBeGreaterThan(0);
    expect(summary.counts.warned).toBeGreaterThan(0);
  });
});
