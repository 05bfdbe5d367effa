import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { analysisUrl, ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
// Two demo models that take the same input (64×64×1): a five-class localiser and a binary detector.
const MODEL_A = 'clb-loc-cnn';
const MODEL_B = 'lumpy-ske-cnn';
const SAMPLE = 'clb-loc-top-left-01';
const SAMPLE_PATH = join('public', 'samples', 'clb-loc', `${SAMPLE}.png`);

interface CompareJson {
  a: { model: string; eigenvalues: number[]; rank: number };
  b: { model: string; eigenvalues: number[]; rank: number };
  k: number;
  anglesDegrees: number[];
  cosines: number[];
}

test('compare two demo models on one image side by side: spectra on one chart, angles as `ifim compare --model-b` (wasm)', async ({ page }) => {
  test.setTimeout(600_000);
  logConsoleErrors(page);
  await page.goto(analysisUrl(MODEL_A, SAMPLE, 'wasm'));
  await waitForAnalysis(page);

  // Models of another input size are listed but cannot be B, and the page says why.
  const select = page.getByTestId('compare-model-b');
  await expect(select.locator('option[value="chest-cnn"]')).toBeDisabled();
  await expect(page.getByTestId('compare-model-b-note')).toContainText('64×64×1');
  await select.selectOption(MODEL_B);
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  const page1 = (await ifimState(page)).beyond.compare as CompareJson;
  expect(page1.a.model).toBe(MODEL_A);
  // compare.json's fields only: the arrays the view draws stay on the page.
  expect(page1).not.toHaveProperty('display');
  expect(page1.b.model).toBe(MODEL_B);
  await expect(page.getByTestId('compare-a')).toContainText(MODEL_A);
  await expect(page.getByTestId('compare-b')).toContainText(MODEL_B);
  // Both spectra on one chart: a legend with A's and B's series.
  const legend = page.getByTestId('compare-spectrum-chart').locator('.u-legend');
  await expect(legend).toContainText(`A: ${MODEL_A}`);
  await expect(legend).toContainText(`B: ${MODEL_B}`);
  // The leading directions were drawn: B's v1 canvas has the model's input size and is not blank.
  const drawn = await page.getByTestId('compare-b-mode').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const distinct = new Set<number>();
    for (let p = 0; p < data.length; p += 4) distinct.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
    return { width: c.width, height: c.height, colours: distinct.size };
  });
  expect(drawn).toMatchObject({ width: 64, height: 64 });
  expect(drawn.colours).toBeGreaterThan(10);

  const out = await mkdtemp(join(tmpdir(), 'ifim-e2e-compare-'));
  try {
    await run('npx', ['ifim', 'compare', '--model', MODEL_A, '--model-b', MODEL_B, '--image', SAMPLE_PATH, '--out', out, '--backend', 'wasm'], { cwd: ROOT, timeout: 240_000 });
    const cli = JSON.parse(await readFile(join(out, 'compare.json'), 'utf8')) as CompareJson;
    const differences = cli.anglesDegrees.map((d, i) => Math.abs(page1.anglesDegrees[i] - d));
    console.log(`angles page ${JSON.stringify(page1.anglesDegrees)}, cli ${JSON.stringify(cli.anglesDegrees)}, |difference| ${JSON.stringify(differences)} degrees; k ${page1.k}/${cli.k}; ranks A ${page1.a.rank}/${cli.a.rank}, B ${page1.b.rank}/${cli.b.rank}`);
    expect(page1.k).toBe(cli.k);
    expect(page1.anglesDegrees).toHaveLength(cli.anglesDegrees.length);
    for (const d of differences) expect(d).toBeLessThan(1e-3);
    for (let i = 0; i < cli.k; i++) {
      expect(Math.abs(page1.a.eigenvalues[i] - cli.a.eigenvalues[i]) / cli.a.eigenvalues[i]).toBeLessThan(1e-3);
      expect(Math.abs(page1.b.eigenvalues[i] - cli.b.eigenvalues[i]) / cli.b.eigenvalues[i]).toBeLessThan(1e-3);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  await expect(page.getByTestId('compare-angles')).toContainText('°');
  // The engine holds only model A again: B was disposed after the comparison.
  // (A second run, told apart by its identity window 0.5,1, must leave the tensor count where it was.)
  const before = await page.evaluate(() => window.ifim!.memory());
  await page.getByTestId('compare-window').fill('0.5,1');
  await page.getByTestId('compare-run').click();
  await page.waitForFunction(() => (window.ifim!.state().beyond.compare as { b: { change: { window: unknown } } } | undefined)?.b.change.window != null);
  const again = (await ifimState(page)).beyond.compare as CompareJson;
  for (const [i, d] of again.anglesDegrees.entries()) expect(Math.abs(d - page1.anglesDegrees[i])).toBeLessThan(1e-6);
  expect((await page.evaluate(() => window.ifim!.memory())).numTensors).toBe(before.numTensors);
});
