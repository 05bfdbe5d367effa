import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpyFloat32 } from '../io/npy';
import { saveLayersModel } from '../engine/node/modelFiles';
import { buildSmallModel } from '../engine/testing/smallModels';
import { ifim } from './testing/runCli';

let dir: string;
let modelDir: string;
let imagePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-cli-'));
  modelDir = join(dir, 'model');
  await tf.setBackend('cpu');
  const model = buildSmallModel('relu-bn-pool-cnn', [20, 20, 1], 3, 'softmax');
  await saveLayersModel(model, modelDir);
  model.dispose();
  await writeFile(
    join(modelDir, 'metadata.json'),
    JSON.stringify({
      formatVersion: 1, id: 'cli-test', title: 'CLI test model', classes: ['a', 'b', 'c'], head: 'softmax',
      input: { height: 20, width: 20, channels: 1 }, preprocessing: { intensity: 'unit', mean: [0.5], std: [0.2], resize: 'bilinear' },
    }),
  );
  // 16-bit PNG at a different size from the model input, so the resize path runs.
  const pixels = Uint16Array.from({ length: 32 * 32 }, (_, i) => Math.round(65535 * (0.5 + 0.4 * Math.sin(i * 0.21))));
  imagePath = join(dir, 'image.png');
  await writeFile(imagePath, encode({ width: 32, height: 32, data: pixels, depth: 16, channels: 1 }));
});

describe('npx ifim analyze', () => {
  it('writes result.json and NPY arrays that agree with each other and with the mathematics', async () => {
    const out = join(dir, 'out');
    const { code, stderr } = await ifim('analyze', '--model', modelDir, '--image', imagePath, '--top-k', '2', '--out', out, '--backend', 'wasm');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.model).toMatchObject({ id: 'cli-test', classes: ['a', 'b', 'c'], head: 'softmax', inputShape: [20, 20, 1] });
    expect(result.image).toMatchObject({ source: imagePath, width: 32, height: 32 });
    expect(result.backend).toBe('wasm');
    expect(result.eigenvalues).toHaveLength(3);
    expect(result.rank).toBe(2);
    expect(result.k).toBe(2);
    for (const key of ['preprocess', 'forward', 'jacobian', 'eigen', 'projection', 'total']) expect(result.timingsMs[key]).toBeGreaterThanOrEqual(0);
    const probabilitySum = result.probabilities.reduce((s: number, p: number) => s + p, 0);
    expect(probabilitySum).toBeCloseTo(1, 12);

    const load = async (name: string) => decodeNpy(new Uint8Array(await readFile(join(out, name))));
    const [x, j, v, high, low] = await Promise.all(['input.npy', 'jacobian.npy', 'eigenvectors.npy', 'x_high.npy', 'x_low.npy'].map(load));
    expect(x.shape).toEqual([20, 20, 1]);
    expect(j.shape).toEqual([3, 20, 20, 1]);
    expect(v.shape).toEqual([2, 20, 20, 1]);
    const n = 400;
    // logitGram in result.json is J Jᵀ of jacobian.npy.
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += j.data[a * n + k] * j.data[b * n + k];
        expect(Math.abs(dot - result.logitGram[a][b])).toBeLessThan(1e-5 * Math.abs(result.logitGram[a][a]) + 1e-12);
      }
    }
    // gramEigenvectors: column i is u_i with K u_i = λ_i u_i.
    const K = result.fisherGram as number[][];
    const U = result.gramEigenvectors as number[][];
    for (let i = 0; i < 3; i++) {
      for (let r = 0; r < 3; r++) {
        const ku = K[r].reduce((s, kv, c) => s + kv * U[c][i], 0);
        expect(Math.abs(ku - result.eigenvalues[i] * U[r][i])).toBeLessThan(1e-9 * result.eigenvalues[0]);
      }
    }
    for (let k = 0; k < n; k++) expect(Math.abs(high.data[k] + low.data[k] - x.data[k])).toBeLessThan(1e-5);
    let cross = 0;
    for (let k = 0; k < n; k++) cross += high.data[k] * low.data[k];
    expect(Math.abs(cross)).toBeLessThan(1e-4);
  });

  it('models --json lists the bundled models with their ids and titles', async () => {
    const { stdout, code } = await ifim('models', '--json');
    expect(code).toBe(0);
    const models = JSON.parse(stdout) as Array<{ id: string; title: string }>;
    expect(Array.isArray(models)).toBe(true);
    for (const m of models) {
      expect(typeof m.id).toBe('string');
      expect(typeof m.title).toBe('string');
    }
  });
});

describe('npx ifim predict', () => {
  it('returns logits and probabilities for every row of a (B, H, W, Ch) batch', async () => {
    const batch = Float32Array.from({ length: 2 * 400 }, (_, i) => Math.sin(i * 0.1));
    const input = join(dir, 'batch.npy');
    await writeFile(input, encodeNpyFloat32(batch, [2, 20, 20, 1]));
    const out = join(dir, 'probs.json');
    const { code } = await ifim('predict', '--model', modelDir, '--input', input, '--out', out, '--backend', 'cpu');
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.count).toBe(2);
    for (const row of result.predictions) {
      expect(row.logits).toHaveLength(3);
      expect(row.probabilities.reduce((s: number, p: number) => s + p, 0)).toBeCloseTo(1, 10);
    }
    expect(result.predictions[0].logits).not.toEqual(result.predictions[1].logits);
  });

  it('refuses a batch of the wrong shape with one clear line', async () => {
    const input = join(dir, 'wrong.npy');
    await writeFile(input, encodeNpyFloat32(new Float32Array(2 * 10 * 10), [2, 10, 10, 1]));
    const { code, stderr } = await ifim('predict', '--model', modelDir, '--input', input);
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe(`ifim: ${input} has shape (2, 10, 10, 1); the model takes (B, 20, 20, 1)`);
  });
});

describe('CLI errors: one line, non-zero exit, no stack trace', () => {
  it.each([
    [['analyze', '--model', 'no-such-model', '--image', 'x.png'], /model "no-such-model" not found/],
    [['analyze', '--image', 'x.png'], /--model is required/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['analyze', '--model', 'MODEL', '--image', 'missing.png'], /image missing.png not found/],
    [['analyze', '--model', 'MODEL', '--image', 'NOTIMAGE'], /is not a PNG or JPEG image/],
    [['analyze', '--model', 'MODEL', '--image', 'IMAGE', '--backend', 'webgpu'], /--backend must be cpu or wasm/],
  ])('%j', async (args, message) => {
    const notImage = join(dir, 'notes.png');
    await writeFile(notImage, 'these are not pixels');
    const resolved = args.map((a) => (a === 'MODEL' ? modelDir : a === 'NOTIMAGE' ? notImage : a === 'IMAGE' ? imagePath : a));
    const { code, stderr } = await ifim(...resolved);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ifim: /);
    expect(lines[0]).toMatch(message);
  });
});
