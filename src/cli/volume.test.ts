import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../io/npy';
import { saveLayersModel } from '../engine/node/modelFiles';
import { buildSmallModel } from '../engine/testing/smallModels';
import { projectRoot } from './projectPaths';
import { ifim } from './testing/runCli';

const volume = (name: string) => join(projectRoot, 'test-fixtures', 'volumes', name);

describe('npx ifim inspect on volumes', () => {
  it('--json adds dims, spacing and orientation (nibabel: LPS, 0.8 × 0.8 × 2.5 mm)', async () => {
    const { code, stdout, stderr } = await ifim('inspect', '--image', volume('lps-oblique-qform-int16.nii.gz'), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ width: 32, height: 32, frames: 8, rescaledMin: -1024, rescaledMax: 15358 });
    expect(result.volume).toMatchObject({ format: 'NIfTI-1', dims: [32, 32, 8], datatype: 'int16', orientation: 'LPS', affineSource: 'qform' });
    expect(result.volume.spacingMm.map((v: number) => Number(v.toFixed(4)))).toEqual([0.8, 0.8, 2.5]);
  });
  it('plain text names the planes and their edge labels', async () => {
    const { stdout } = await ifim('inspect', '--image', volume('ras-uint8.nii.gz'));
    expect(stdout).toMatch(/volume\s+16 × 12 × 6 voxels, uint8 \(NIfTI-1\)/);
    expect(stdout).toMatch(/spacing\s+1 × 1.5 × 3 mm/);
    expect(stdout).toMatch(/orientation\s+RAS \(from the sform\)/);
    expect(stdout).toMatch(/coronal\s+12 slices along voxel axis j, left R right L top S bottom I/);
  });
  it('refuses an unsupported datatype with one line and status 2', async () => {
    const { code, stderr } = await ifim('inspect', '--image', volume('refused-int64.nii'));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('refused-int64.nii: NIfTI datatype int64 (code 1024) is not supported');
  });
});

describe('npx ifim analyze --slice on a volume', () => {
  let dir: string;
  let modelDir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ifim-volume-'));
    modelDir = join(dir, 'model');
    await tf.setBackend('cpu');
    const model = buildSmallModel('tanh-cnn', [32, 32, 1], 2, 'softmax');
    await saveLayersModel(model, modelDir);
    model.dispose();
    await writeFile(
      join(modelDir, 'metadata.json'),
      JSON.stringify({
        formatVersion: 1, id: 'volume-test', title: 'volume test model', classes: ['a', 'b'], head: 'softmax',
        input: { height: 32, width: 32, channels: 1 }, preprocessing: { intensity: 'unit', mean: [0.5], std: [0.2], resize: 'bilinear' },
      }),
    );
  });

  it('analyses axial slice 3: the model input is that slice through the file window (cal_min–cal_max)', async () => {
    const out = join(dir, 'axial');
    const { code, stderr } = await ifim('analyze', '--model', modelDir, '--image', volume('lps-oblique-int16.nii'), '--slice', '3', '--out', out, '--backend', 'cpu');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.image.slice).toEqual({ axis: 'axial', index: 3, count: 8, edgeLabels: { left: 'R', right: 'L', top: 'A', bottom: 'P' } });
    const input = decodeNpy(new Uint8Array(await readFile(join(out, 'input.npy'))));
    // Voxel (i, j, 3) holds 2(i + 32j + 3072) − 1024; LPS needs no flip; the window is centre 3488,
    // width 9024 (PS3.3 C.11.2.1.2 linear); then (u − 0.5) / 0.2.
    for (const [x, y] of [[0, 0], [5, 17], [31, 31]]) {
      const v = 2 * (x + 32 * y + 3072) - 1024;
      const u = (v - (3488 - 0.5)) / (9024 - 1) + 0.5;
      expect(input.data[y * 32 + x]).toBeCloseTo((u - 0.5) / 0.2, 4);
    }
  });

  it('refuses a slice outside the volume and --slice on a 2-D image with one line each', async () => {
    const bad = await ifim('analyze', '--model', modelDir, '--image', volume('lps-oblique-int16.nii'), '--axis', 'coronal', '--slice', '40', '--out', join(dir, 'x'), '--backend', 'cpu');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('lps-oblique-int16.nii: slice 40 does not exist: the coronal plane has 32 slices (0–31)');
    const png = join(projectRoot, 'test-fixtures', 'images', 'gray16.png');
    const flat = await ifim('analyze', '--model', modelDir, '--image', png, '--slice', '1', '--out', join(dir, 'y'), '--backend', 'cpu');
    expect(flat.stderr).toContain('gray16.png is a 2-D image; --slice and --axis apply to volumes');
    const axis = await ifim('analyze', '--model', modelDir, '--image', png, '--axis', 'oblique', '--out', join(dir, 'z'), '--backend', 'cpu');
    expect(axis.stderr).toContain('--axis must be axial, coronal or sagittal, not "oblique"');
  });
});
