import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { encode } from 'fast-png';
import { unzipSync } from 'fflate';
import { decodeNpy } from '../src/io/npy';
import { analysisUrl, logConsoleErrors, waitForAnalysis } from './helpers';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const MODEL = 'clb-loc-cnn';
const SAMPLE = 'clb-loc-top-left-01';
const SAMPLE_PATH = join('public', 'samples', 'clb-loc', `${SAMPLE}.png`);

/** The image panel's pixels, summed per channel: changes when an overlay is drawn or removed. */
function canvasFingerprint(page: Page): Promise<number> {
  return page.getByTestId('input-canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let p = 0; p < data.length; p += 4) sum += data[p] * 3 + data[p + 1] * 5 + data[p + 2] * 7;
    return sum;
  });
}

test('the ROI’s leading direction over the image, and its export as `ifim analyze --roi` writes it (wasm)', async ({ page }) => {
  test.setTimeout(600_000);
  logConsoleErrors(page);
  await page.goto(analysisUrl(MODEL, SAMPLE, 'wasm'));
  await waitForAnalysis(page);
  await page.getByTestId('overlay-select').selectOption('none');

  // An ellipse over the lesion (top left), drawn with the mouse at the fitted view (64×64 image).
  await page.getByTestId('roi-tool-ellipse').click();
  await page.getByTestId('input-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('input-canvas').boundingBox())!;
  const side = Math.min(box.width, box.height);
  const at = (x: number, y: number): [number, number] => [box.x + (box.width - side) / 2 + (x / 64) * side, box.y + (box.height - side) / 2 + (y / 64) * side];
  await page.mouse.move(...at(6.5, 14.5));
  await page.mouse.down();
  await page.mouse.move(...at(12.5, 20.5), { steps: 3 });
  await page.mouse.move(...at(18.5, 26.5), { steps: 3 });
  await page.mouse.up();
  await expect(page.getByTestId('roi-row')).toHaveCount(1);
  await page.getByTestId('roi-tool-none').click();
  const plain = await canvasFingerprint(page);

  await page.getByTestId('roi-fisher-run').click();
  await expect(page.getByTestId('roi-fisher')).toBeVisible();
  // Shown at once, with its colour bar and caption; the toggle hides it again.
  const toggle = page.getByTestId('roi-direction-toggle');
  await expect(toggle).toBeChecked();
  await expect(page.getByTestId('input-panel')).toContainText('inside the ROI');
  await expect.poll(() => canvasFingerprint(page)).not.toBe(plain);
  await toggle.uncheck();
  await expect.poll(() => canvasFingerprint(page)).toBe(plain);
  await toggle.check();

  // The zip export: result.json's roi and files, roi-mask.npy, roi-eigenvectors.npy.
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-zip').click()]);
  const zip = unzipSync(new Uint8Array(await readFile(await download.path())));
  const result = JSON.parse(new TextDecoder().decode(zip['result.json'])) as {
    roi: { eigenvalues: number[]; rank: number; traceShare: number; energyInRoi: number[]; insideValues: number };
    files: Record<string, string>;
  };
  expect(result.files).toMatchObject({ roiMask: 'roi-mask.npy', roiEigenvectors: 'roi-eigenvectors.npy' });
  const mask = decodeNpy(zip['roi-mask.npy']);
  const vectors = decodeNpy(zip['roi-eigenvectors.npy']);
  expect(mask.shape).toEqual([64, 64, 1]);
  expect(vectors.shape.slice(1)).toEqual([64, 64, 1]);
  const inside = Array.from(mask.data).filter((v) => v !== 0).length;
  expect(inside).toBe(result.roi.insideValues);
  // The leading direction vanishes outside the ROI.
  for (let i = 0; i < 64 * 64; i++) if (mask.data[i] === 0) expect(vectors.data[i]).toBe(0);

  // The CLI on the same mask (written as a model-size PNG): the same region analysis.
  const out = await mkdtemp(join(tmpdir(), 'ifim-e2e-roi-'));
  try {
    const maskPng = join(out, 'mask.png');
    await writeFile(maskPng, encode({ width: 64, height: 64, channels: 1, depth: 8, data: Uint8Array.from(mask.data, (v) => (v ? 255 : 0)) }));
    await run('npx', ['ifim', 'analyze', '--model', MODEL, '--image', SAMPLE_PATH, '--roi', maskPng, '--out', join(out, 'cli'), '--backend', 'wasm'], { cwd: ROOT, timeout: 240_000 });
    const cli = JSON.parse(await readFile(join(out, 'cli', 'result.json'), 'utf8')) as typeof result;
    const cliMask = decodeNpy(new Uint8Array(await readFile(join(out, 'cli', 'roi-mask.npy'))));
    const cliVectors = decodeNpy(new Uint8Array(await readFile(join(out, 'cli', 'roi-eigenvectors.npy'))));
    expect(Array.from(cliMask.data)).toEqual(Array.from(mask.data));
    expect(result.roi.rank).toBe(cli.roi.rank);
    const lambdaErrors = cli.roi.eigenvalues.slice(0, cli.roi.rank).map((c, i) => Math.abs(result.roi.eigenvalues[i] - c) / c);
    const n = 64 * 64;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += vectors.data[i] * cliVectors.data[i];
    console.log(
      `ROI: traceShare page ${result.roi.traceShare}, cli ${cli.roi.traceShare}; λ_M relative differences ${JSON.stringify(lambdaErrors)}; |<v_M page, v_M cli>| = ${Math.abs(dot)}; energyInRoi page ${JSON.stringify(result.roi.energyInRoi.slice(0, 4))}, cli ${JSON.stringify(cli.roi.energyInRoi.slice(0, 4))}`,
    );
    for (const e of lambdaErrors) expect(e).toBeLessThan(1e-3);
    expect(Math.abs(result.roi.traceShare - cli.roi.traceShare)).toBeLessThan(1e-6);
    result.roi.energyInRoi.forEach((e, i) => expect(Math.abs(e - cli.roi.energyInRoi[i])).toBeLessThan(1e-5));
    // Unit vectors, equal up to sign.
    expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-5);
    expect(vectors.shape[0]).toBe(cliVectors.shape[0]);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
