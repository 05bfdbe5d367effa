import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

/**
 * Every model fixture dropped on the app (through the tools drawer's file input, as a drop does):
 * each good one is analysed, and its eigenvalues equal those the CLI computes for the same model
 * and image; each broken one is refused with its problem named, and the model in use keeps working.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test-fixtures', 'models');
const SAMPLE = 'lumpy-ske-present-01';
const IMAGE = join(ROOT, 'public', 'samples', 'lumpy-ske', `${SAMPLE}.png`);
const GOOD = ['layers-twin', 'layers-rgb-bn', 'layers-nonsquare-sigmoid', 'layers-no-metadata', 'layers-40-classes', 'graph-twin', 'graph-twin-zip', 'graph-single-image'];
const BROKEN: Array<[string, RegExp]> = [
  ['broken-truncated-shard', /weights\.bin/],
  ['broken-missing-shard', /shard/i],
  ['broken-json', /model\.json/],
  ['broken-h5', /HDF5|Keras/i],
  ['broken-onnx', /ONNX/i],
  ['broken-weight-names', /weight/i],
  ['broken-unsupported-op', /Einsum/],
];

interface PageState {
  status: string;
  modelId: string | null;
  eigenvalues: number[];
  rank: number | null;
}

function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const s = window.ifim!.state();
    return { status: s.status, modelId: s.modelId, eigenvalues: s.eigenvalues ?? [], rank: s.rank };
  });
}

async function fixtureFiles(name: string): Promise<string[]> {
  return (await readdir(join(FIXTURES, name))).map((f) => join(FIXTURES, name, f));
}

async function cliEigenvalues(name: string, out: string): Promise<{ eigenvalues: number[]; rank: number }> {
  const files = await readdir(join(FIXTURES, name));
  const model = files.includes('model.zip') ? join(FIXTURES, name, 'model.zip') : join(FIXTURES, name);
  const dir = join(out, name);
  await run(process.execPath, [join(ROOT, 'bin', 'ifim.mjs'), 'analyze', '--model', model, '--image', IMAGE, '--out', dir, '--backend', 'wasm'], { cwd: ROOT, timeout: 120_000 });
  return JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
}

test('every fixture model: the app agrees with the CLI, and broken ones are refused without losing the model in use', async ({ page }) => {
  test.setTimeout(300_000);
  const out = await mkdtemp(join(tmpdir(), 'ifim-import-'));
  try {
    await page.goto(`/?model=lumpy-ske-cnn&sample=${SAMPLE}&backend=wasm`);
    await expect.poll(async () => (await pageState(page)).status, { timeout: 60_000 }).toBe('done');
    await page.getByTestId('tools-toggle').click();
    const input = page.getByTestId('model-files-input');

    for (const name of GOOD) {
      const before = (await pageState(page)).modelId;
      await input.setInputFiles(await fixtureFiles(name));
      await expect.poll(async () => {
        const s = await pageState(page);
        return s.modelId !== before && s.status === 'done';
      }, { timeout: 60_000, message: `${name} was not analysed` }).toBe(true);
      const state = await pageState(page);
      const cli = await cliEigenvalues(name, out);
      expect(state.rank, name).toBe(cli.rank);
      for (let i = 0; i < cli.rank; i++) {
        const relative = Math.abs(state.eigenvalues[i] - cli.eigenvalues[i]) / cli.eigenvalues[i];
        expect(relative, `${name} λ${i + 1}: app ${state.eigenvalues[i]}, CLI ${cli.eigenvalues[i]}`).toBeLessThan(1e-4);
      }
      console.log(`${name}: rank ${cli.rank}, λ ${state.eigenvalues.slice(0, 3).map((v) => v.toExponential(4)).join(' ')} (app) = ${cli.eigenvalues.slice(0, 3).map((v) => v.toExponential(4)).join(' ')} (CLI)`);
    }

    const inUse = await pageState(page);
    for (const [name, message] of BROKEN) {
      await input.setInputFiles(await fixtureFiles(name));
      const problem = page.getByTestId('model-import-problem');
      await expect(problem, name).toContainText(message, { timeout: 60_000 });
      const after = await pageState(page);
      expect(after.modelId, `${name} replaced the model in use`).toBe(inUse.modelId);
      expect(after.status).toBe('done');
    }
    // …and the model in use still analyses.
    const again = await page.evaluate(async () => (await window.ifim!.analyze()).eigenvalues);
    expect(again[0]).toBeCloseTo(inUse.eigenvalues[0], 10);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
