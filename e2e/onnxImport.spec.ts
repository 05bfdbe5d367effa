import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

/**
 * An ONNX model exported by torch.onnx.export (the MobileNetV3 fixture, with its metadata.json)
 * opened in the app's model import: it loads, shows the graph summary, analyses the current
 * image, and its eigenvalues equal the CLI's on the same image.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const MODEL = join(ROOT, 'test-fixtures', 'onnx', 'mobilenet_v3');
const SAMPLE = 'lumpy-ske-present-01';
const IMAGE = join(ROOT, 'public', 'samples', 'lumpy-ske', `${SAMPLE}.png`);

test('an ONNX model from PyTorch analyses in the app as in the CLI', async ({ page }) => {
  test.setTimeout(180_000);
  const out = await mkdtemp(join(tmpdir(), 'ifim-onnx-'));
  try {
    await page.goto(`/?model=lumpy-ske-cnn&sample=${SAMPLE}&backend=wasm`);
    const state = () => page.evaluate(() => ({ status: window.ifim!.state().status, modelId: window.ifim!.state().modelId, eigenvalues: window.ifim!.state().eigenvalues ?? [] }));
    await expect.poll(async () => (await state()).status, { timeout: 60_000 }).toBe('done');
    const before = (await state()).modelId;
    await page.getByTestId('tools-toggle').click();
    await page.getByTestId('model-files-input').setInputFiles([join(MODEL, 'model.onnx'), join(MODEL, 'metadata.json')]);
    await expect.poll(async () => {
      const s = await state();
      return s.modelId !== before && s.status === 'done';
    }, { timeout: 90_000 }).toBe(true);
    await expect(page.getByTestId('model-import-current')).toContainText('onnx');
    await expect(page.getByTestId('model-import-graph')).toContainText('input input [batch, 3, 32, 32] → output output [batch, 5]');
    await expect(page.getByTestId('model-import-graph')).toContainText('HardSwish 9');

    const dir = join(out, 'cli');
    await run(process.execPath, [join(ROOT, 'bin', 'ifim.mjs'), 'analyze', '--model', MODEL, '--image', IMAGE, '--out', dir, '--backend', 'wasm'], { cwd: ROOT, timeout: 120_000 });
    const cli = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as { eigenvalues: number[]; rank: number };
    const app = (await state()).eigenvalues;
    for (let i = 0; i < cli.rank; i++) expect(Math.abs(app[i] - cli.eigenvalues[i]) / cli.eigenvalues[i], `λ${i + 1}`).toBeLessThan(1e-4);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
