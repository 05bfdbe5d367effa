import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { analysisUrl, demoModelId, logConsoleErrors, lumpySample, waitForAnalysis } from './helpers';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

test('the browser (webgpu) and the CLI (cpu) find the same eigenvalues', async ({ page, request }) => {
  logConsoleErrors(page);
  const modelId = await demoModelId(request);
  const sample = await lumpySample(request);

  const out = await mkdtemp(join(tmpdir(), 'ifim-e2e-'));
  try {
    const cli = await run('npx', ['ifim', 'analyze', '--model', modelId, '--image', join('public', sample.path), '--out', out, '--backend', 'cpu'], {
      cwd: ROOT,
      timeout: 240_000,
    });
    console.log(cli.stdout.trim());
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as { eigenvalues: number[]; rank: number; probabilities: number[] };

    await page.goto(analysisUrl(modelId, sample.id));
    const state = await waitForAnalysis(page);
    expect(state.backend).toBe('webgpu');
    expect(state.eigenvalues).toHaveLength(result.eigenvalues.length);
    expect(state.rank).toBe(result.rank);
    // Within the numerical rank the eigenvalues agree to 1e-3 relative; beyond it both are
    // round-off (≈ 1e-7·λ₁) and need not.
    const relativeErrors = result.eigenvalues.slice(0, result.rank).map((cli, i) => Math.abs(state.eigenvalues[i] - cli) / Math.abs(cli));
    console.log(`eigenvalues cli (cpu) ${JSON.stringify(result.eigenvalues)}, browser (webgpu) ${JSON.stringify(state.eigenvalues)}, relative differences within the rank ${JSON.stringify(relativeErrors)}`);
    for (let i = 0; i < result.rank; i++) {
      const relative = relativeErrors[i];
      expect(relative, `λ${i + 1}: browser ${state.eigenvalues[i]}, cli ${result.eigenvalues[i]}`).toBeLessThan(1e-3);
    }
    for (let c = 0; c < result.probabilities.length; c++) expect(state.probabilities[c]).toBeCloseTo(result.probabilities[c], 4);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
