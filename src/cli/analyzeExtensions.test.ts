import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../io/npy';
import { saveLayersModel } from '../engine/node/modelFiles';
import { buildSmallModel } from '../engine/testing/smallModels';
import { ifim } from './testing/runCli';

/** `ifim analyze --roi / --neighbourhood / --validity-radius`: result.json agrees with the NPY files it writes. */
let dir: string;
let modelDir: string;
let imagePath: string;
const SIZE = 20;
const N = SIZE * SIZE;

const png = (width: number, height: number, inside: (r: number, c: number) => boolean) =>
  encode({ width, height, data: Uint8Array.from({ length: width * height }, (_, i) => (inside(Math.floor(i / width), i % width) ? 255 : 0)), depth: 8, channels: 1 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-ext-'));
  modelDir = join(dir, 'model');
  await tf.setBackend('cpu');
  const model = buildSmallModel('tanh-cnn', [SIZE, SIZE, 1], 3, 'softmax');
  await saveLayersModel(model, modelDir);
  model.dispose();
  await writeFile(
    join(modelDir, 'metadata.json'),
    JSON.stringify({
      formatVersion: 1, id: 'ext-test', title: 'extension test model', classes: ['a', 'b', 'c'], head: 'softmax',
      input: { height: SIZE, width: SIZE, channels: 1 }, preprocessing: { intensity: 'unit', mean: [0.5], std: [0.2], resize: 'bilinear' },
    }),
  );
  const pixels = Uint16Array.from({ length: 40 * 40 }, (_, i) => Math.round(65535 * (0.5 + 0.4 * Math.sin(i * 0.17))));
  imagePath = join(dir, 'image.png');
  await writeFile(imagePath, encode({ width: 40, height: 40, data: pixels, depth: 16, channels: 1 }));
});

describe('npx ifim analyze with the analyses beyond the point iFIM', () => {
  it('--roi (image-size mask), --neighbourhood and --validity-radius add consistent fields and files', async () => {
    // A 40×40 mask of the image's size: rows/cols 8…23 inside → rows/cols 4…11 of the 20×20 model input.
    const maskPath = join(dir, 'mask.png');
    await writeFile(maskPath, png(40, 40, (r, c) => r >= 8 && r < 24 && c >= 8 && c < 24));
    const out = join(dir, 'out');
    const { code, stderr, stdout } = await ifim(
      'analyze', '--model', modelDir, '--image', imagePath, '--out', out, '--backend', 'cpu',
      '--roi', maskPath, '--neighbourhood', '3', '--sigma', '0.1', '--seed', '4', '--validity-radius',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/ROI .* holds/);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    const load = async (name: string) => decodeNpy(new Uint8Array(await readFile(join(out, name))));
    const [mask, roiV, v, j] = await Promise.all(['roi-mask.npy', 'roi-eigenvectors.npy', 'eigenvectors.npy', 'jacobian.npy'].map(load));
    expect(mask.shape).toEqual([SIZE, SIZE, 1]);
    for (let k = 0; k < N; k++) {
      const r = Math.floor(k / SIZE);
      const c = k % SIZE;
      expect(mask.data[k]).toBe(r >= 4 && r < 12 && c >= 4 && c < 12 ? 1 : 0);
    }
    expect(result.roi.insideValues).toBe(64);
    expect(result.roi.rank).toBe(2);
    expect(roiV.shape).toEqual([2, SIZE, SIZE, 1]);
    for (let i = 0; i < 2; i++) for (let k = 0; k < N; k++) if (!mask.data[k]) expect(roiV.data[i * N + k]).toBe(0);
    // energyInRoi from eigenvectors.npy and the mask.
    for (let i = 0; i < result.modesKept; i++) {
      let e = 0;
      for (let k = 0; k < N; k++) if (mask.data[k]) e += v.data[i * N + k] ** 2;
      expect(result.roi.energyInRoi[i]).toBeCloseTo(e, 5);
    }
    // traceShare = Σ_{k∈M} F_kk / tr F, with F_kk = Σ_c p_c (J_ck − Σ_j p_j J_jk)² from jacobian.npy.
    const p = result.probabilities as number[];
    let inside = 0;
    let total = 0;
    for (let k = 0; k < N; k++) {
      const mean = p.reduce((s, pj, jj) => s + pj * j.data[jj * N + k], 0);
      const fkk = p.reduce((s, pc, c) => s + pc * (j.data[c * N + k] - mean) ** 2, 0);
      total += fkk;
      if (mask.data[k]) inside += fkk;
    }
    expect(result.roi.traceShare).toBeCloseTo(inside / total, 5);
    expect(result.neighbourhood).toMatchObject({ M: 3, sigma: 0.1, seed: 4, rank: 6, modesWritten: 6 });
    expect((await load('neighbourhood-eigenvectors.npy')).shape).toEqual([6, SIZE, SIZE, 1]);
    expect(result.neighbourhood.eigenvalues).toHaveLength(9);
    expect(result.validityRadius.epsilon).toHaveLength(2);
    for (const status of result.validityRadius.status) expect(status).toBe('bracketed');
    expect(result.files).toMatchObject({ roiMask: 'roi-mask.npy', roiEigenvectors: 'roi-eigenvectors.npy', neighbourhoodEigenvectors: 'neighbourhood-eigenvectors.npy' });
  });

  it('takes a mask of the model input size as it is', async () => {
    const maskPath = join(dir, 'model-size-mask.png');
    await writeFile(maskPath, png(SIZE, SIZE, (r) => r < 5));
    const out = join(dir, 'out-model-size');
    const { code } = await ifim('analyze', '--model', modelDir, '--image', imagePath, '--out', out, '--backend', 'cpu', '--roi', maskPath);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.roi.insideValues).toBe(5 * SIZE);
    expect(result.neighbourhood).toBeUndefined();
    expect(result.validityRadius).toBeUndefined();
  });

  it.each([
    [['--roi', 'WRONGSIZE'], /ROI mask .* is 7×7; it must be the image's size \(40×40\) or the model's input size \(20×20\)/],
    [['--roi', 'EMPTY'], /has no nonzero pixel/],
    [['--roi', 'missing-mask.png'], /ROI mask missing-mask.png not found/],
    [['--sigma', '0.1'], /--sigma and --seed belong to --neighbourhood/],
    [['--neighbourhood', '4'], /--neighbourhood needs --sigma/],
    [['--neighbourhood', '4', '--sigma', 'wide'], /--sigma must be a number ≥ 0/],
    [['--neighbourhood', '600', '--sigma', '0.1'], /exceeds the largest Gram .* use M ≤ 85/],
  ])('refuses %j with one line', async (extra, message) => {
    await writeFile(join(dir, 'wrong.png'), png(7, 7, () => true));
    await writeFile(join(dir, 'empty.png'), png(SIZE, SIZE, () => false));
    const args = extra.map((a) => (a === 'WRONGSIZE' ? join(dir, 'wrong.png') : a === 'EMPTY' ? join(dir, 'empty.png') : a));
    const { code, stderr } = await ifim('analyze', '--model', modelDir, '--image', imagePath, '--out', join(dir, 'refused'), '--backend', 'cpu', ...args);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
