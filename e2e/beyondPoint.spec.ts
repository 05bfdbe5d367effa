import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { decode } from 'fast-png';
import { analysisUrl, ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const MODEL = 'clb-loc-cnn';
const SAMPLE = 'clb-loc-top-left-01';
const SAMPLE_PATH = join('public', 'samples', 'clb-loc', `${SAMPLE}.png`);

/** The screen point of image pixel coordinates (x, y) on the image panel at the fitted view (aspect 1, 64×64). */
async function screenPoint(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await page.getByTestId('input-canvas').boundingBox())!;
  const side = Math.min(box.width, box.height);
  return [box.x + (box.width - side) / 2 + (x / 64) * side, box.y + (box.height - side) / 2 + (y / 64) * side];
}

async function dragEllipse(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  // The tool buttons sit lower on the page: bring the image back into view before drawing.
  await page.getByTestId('input-canvas').scrollIntoViewIfNeeded();
  const a = await screenPoint(page, ...from);
  const b = await screenPoint(page, ...to);
  await page.mouse.move(...a);
  await page.mouse.down();
  await page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, { steps: 3 });
  await page.mouse.move(...b, { steps: 3 });
  await page.mouse.up();
}

interface Ellipse {
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
}

/** Mean and population SD of the stored values whose pixel centre lies inside the ellipse, from the PNG decoded here. */
function statsInside(values: ArrayLike<number>, width: number, height: number, e: Ellipse) {
  const inside: number[] = [];
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) if (((c + 0.5 - e.cx) / e.rx) ** 2 + ((r + 0.5 - e.cy) / e.ry) ** 2 <= 1) inside.push(values[r * width + c]);
  const mean = inside.reduce((s, v) => s + v, 0) / inside.length;
  const sd = Math.sqrt(inside.reduce((s, v) => s + (v - mean) ** 2, 0) / inside.length);
  return { mean, sd, count: inside.length };
}

test('ROI statistics, ROI trace share, validity radius against the CLI, and compare angles on clb-loc (wasm)', async ({ page }) => {
  logConsoleErrors(page);
  await page.goto(analysisUrl(MODEL, SAMPLE, 'wasm'));
  await waitForAnalysis(page);

  // 1. An ellipse over the lesion (signal centre row 20, column 12), drawn with the mouse.
  await page.getByTestId('roi-tool-ellipse').click();
  await dragEllipse(page, [6.5, 14.5], [18.5, 26.5]);
  await expect(page.getByTestId('roi-row')).toHaveCount(1);
  const drawn = (await ifimState(page)).beyond.annotations as { shape: Ellipse & { kind: string }; statistics: { mean: number; sd: number; pixels: number; area: { value: number; unit: string } } }[];
  expect(drawn[0].shape.kind).toBe('ellipse');
  const png = decode(await readFile(join(ROOT, SAMPLE_PATH)));
  const expected = statsInside(png.data, png.width, png.height, drawn[0].shape);
  console.log(`ellipse ${JSON.stringify(drawn[0].shape)}: page ${JSON.stringify(drawn[0].statistics)}, independent ${JSON.stringify(expected)}`);
  expect(expected.count).toBeGreaterThan(50);
  expect(drawn[0].statistics.pixels).toBe(expected.count);
  expect(drawn[0].statistics.area).toEqual({ value: expected.count, unit: 'px²' });
  expect(Math.abs(drawn[0].statistics.mean - expected.mean)).toBeLessThan(1e-6 * expected.mean);
  expect(Math.abs(drawn[0].statistics.sd - expected.sd)).toBeLessThan(1e-6 * expected.mean);

  // 2. Its region-restricted Fisher, then the same ellipse moved to the opposite corner.
  await page.getByTestId('roi-fisher-run').click();
  await expect(page.getByTestId('roi-fisher')).toBeVisible();
  const lesionShare = Number(await page.getByTestId('roi-fisher').getAttribute('data-trace-share'));
  const { rx, ry } = drawn[0].shape;
  await dragEllipse(page, [51.5 - rx, 43.5 - ry], [51.5 + rx, 43.5 + ry]);
  await expect(page.getByTestId('roi-row')).toHaveCount(2);
  await page.getByTestId('roi-fisher-run').click();
  await expect(page.getByTestId('roi-fisher')).not.toHaveAttribute('data-trace-share', String(lesionShare));
  const elsewhereShare = Number(await page.getByTestId('roi-fisher').getAttribute('data-trace-share'));
  const exported = (await ifimState(page)).beyond.roi as { traceShare: number; energyInRoi: number[]; eigenvalues: number[] };
  console.log(`ROI share of tr F: lesion ${lesionShare}, same-size ROI bottom-right ${elsewhereShare}; exported roi ${JSON.stringify(exported)}`);
  expect(lesionShare).toBeGreaterThan(elsewhereShare);
  expect(exported.traceShare).toBe(elsewhereShare);
  for (const e of exported.energyInRoi) expect(e).toBeGreaterThanOrEqual(0);

  // 3. Validity radii, equal to the CLI's on the same backend.
  await page.getByTestId('roi-tool-none').click();
  await page.getByTestId('radius-run').click();
  await expect(page.getByTestId('radius-note')).toBeVisible();
  const radius = (await ifimState(page)).beyond.validityRadius as { epsilon: (number | null)[] };
  const out = await mkdtemp(join(tmpdir(), 'ifim-e2e-radius-'));
  try {
    await run('npx', ['ifim', 'analyze', '--model', MODEL, '--image', SAMPLE_PATH, '--out', out, '--backend', 'wasm', '--validity-radius'], { cwd: ROOT, timeout: 240_000 });
    const cli = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as { validityRadius: { epsilon: (number | null)[] } };
    console.log(`validity radius: page ${JSON.stringify(radius.epsilon)}, cli ${JSON.stringify(cli.validityRadius.epsilon)}`);
    expect(radius.epsilon).toHaveLength(cli.validityRadius.epsilon.length);
    radius.epsilon.forEach((e, i) => {
      const c = cli.validityRadius.epsilon[i];
      if (c === null) expect(e).toBeNull();
      else expect(Math.abs(e! - c) / c, `mode ${i + 1}: page ${e}, cli ${c}`).toBeLessThan(1e-3);
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  await expect(page.getByTestId('radius-row')).toHaveCount(radius.epsilon.length);

  // 4. Compare: the same image unchanged gives ~0°, another sample gives angles in [0°, 90°].
  await page.getByTestId('compare-noise').fill('');
  await page.getByTestId('compare-window').fill('0.5,1');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-result')).toBeVisible();
  const same = (await ifimState(page)).beyond.compare as { anglesDegrees: number[]; inputDistanceL2: number };
  console.log(`compare, identity window 0.5,1: ${JSON.stringify(same)}`);
  expect(same.inputDistanceL2).toBeLessThan(1e-6);
  for (const d of same.anglesDegrees) expect(d).toBeLessThan(0.5);
  await page.getByTestId('compare-window').fill('');
  await page.getByTestId('compare-sample').selectOption('clb-loc-top-left-02');
  await expect(page.getByTestId('compare-sample').locator('option').first()).toHaveText('clb-loc-top-left-02');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-result')).toContainText('clb-loc-top-left-02');
  const other = (await ifimState(page)).beyond.compare as { anglesDegrees: number[]; k: number };
  console.log(`compare with clb-loc-top-left-02: ${JSON.stringify(other)}`);
  expect(other.anglesDegrees).toHaveLength(other.k);
  for (const d of other.anglesDegrees) {
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(90);
  }
});
