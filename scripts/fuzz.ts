/**
 * The project's fuzz test at scale: seeded mutations of every fixture in test-fixtures/images
 * (and, with --npy, of .npy batches), judged as src/io/fuzz/verdict.ts says. The CI test
 * (src/io/fuzz/imageFuzz.test.ts) runs 10 per fixture; this runs as many as asked.
 *   npx tsx scripts/fuzz.ts [--per-fixture 100] [--seed 14] [--list 40]
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FIXTURE_DIR, readFixture } from '../src/io/dicom/testing/fixtureFiles';
import { runImageFuzz } from '../src/io/fuzz/imageFuzzRun';
import { runNpyFuzz } from '../src/io/fuzz/npyFuzz';

const { values } = parseArgs({ options: { 'per-fixture': { type: 'string' }, seed: { type: 'string' }, list: { type: 'string' } } });
const perFixture = Number(values['per-fixture'] ?? 100);
const seed = Number(values.seed ?? 14);
const list = Number(values.list ?? 40);

const fixtures = readdirSync(FIXTURE_DIR)
  .filter((name) => !/\.(json|txt|npy)$/.test(name))
  .sort()
  .map((name) => [name, readFixture(name)] as const);

// Skip the CI test's cases (indices 0–9) so that the two add up.
const images = await runImageFuzz(fixtures, perFixture, seed, 10);
const npy = runNpyFuzz(perFixture * 4, seed);
for (const [what, summary] of [['images', images], ['npy', npy]] as const) {
  console.log(`${what}: ${summary.cases} cases — ${Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const f of summary.failures.slice(0, list)) console.log(`  ${f.verdict.padEnd(7)} ${f.fixture} #${f.index} (${f.mutation}): ${f.detail}`);
  if (summary.failures.length > list) console.log(`  … ${summary.failures.length - list} more`);
}
process.exitCode = images.failures.length + npy.failures.length > 0 ? 1 : 0;
