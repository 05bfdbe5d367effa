import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './projectPaths';
import { ifim } from './testing/runCli';

/** `ifim analyze` reports the domain check: one stderr line per warning, and `warnings` in result.json. */
describe('npx ifim analyze warnings', () => {
  it('a CT slice through the chest-radiograph model: warnings on stderr and in result.json', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ifim-warn-'));
    const image = join(projectRoot, 'test-fixtures', 'images', 'ct-explicit-le.dcm');
    const { code, stderr } = await ifim('analyze', '--model', 'chest-cnn', '--image', image, '--out', out, '--backend', 'wasm');
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    const codes = result.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain('modality-mismatch');
    expect(codes).toContain('intensity-out-of-domain');
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual(result.warnings.map((w: { code: string; message: string }) => `ifim: warning (${w.code}): ${w.message}`));
    expect(lines[0]).toMatch(/^ifim: warning \(modality-mismatch\): This is a CT image, but the model was trained on /);
  });

  it('a bundled chest radiograph (DICOM, CR) through the same model: no warnings', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ifim-warn-'));
    const image = join(projectRoot, 'public', 'samples', 'chest', 'chest-dicom-01.dcm');
    const { code, stderr } = await ifim('analyze', '--model', 'chest-cnn', '--image', image, '--out', out, '--backend', 'wasm');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).warnings).toEqual([]);
  });
});
