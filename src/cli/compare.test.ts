import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveLayersModel } from '../engine/node/modelFiles';
import { buildSmallModel } from '../engine/testing/smallModels';
import { ifim } from './testing/runCli';

let dir: string;
let linearDir: string;
let cnnDir: string;
let cnnCopyDir: string;
let smallCnnDir: string;
let imageA: string;
let imageB: string;
const SIZE = 12;

const image = (seed: number) => encode({ width: SIZE, height: SIZE, data: Uint16Array.from({ length: SIZE * SIZE }, (_, i) => Math.round(65535 * (0.5 + 0.4 * Math.sin(i * 0.3 + seed)))), depth: 16, channels: 1 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-compare-'));
  await tf.setBackend('cpu');
  // z = W x + b: the iFIM modes at any x span the differences of W's rows, the same (C−1)-dim subspace.
  const linear = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [SIZE, SIZE, 1] }), tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 3 }) })],
  });
  linearDir = join(dir, 'linear');
  await saveLayersModel(linear, linearDir);
  linear.dispose();
  const cnn = buildSmallModel('tanh-cnn', [SIZE, SIZE, 1], 3, 'softmax');
  cnnDir = join(dir, 'cnn');
  await saveLayersModel(cnn, cnnDir);
  cnn.dispose();
  cnnCopyDir = join(dir, 'cnn-copy');
  await cp(cnnDir, cnnCopyDir, { recursive: true });
  const small = buildSmallModel('tanh-cnn', [8, 8, 1], 3, 'softmax');
  smallCnnDir = join(dir, 'small');
  await saveLayersModel(small, smallCnnDir);
  small.dispose();
  imageA = join(dir, 'a.png');
  imageB = join(dir, 'b.png');
  await writeFile(imageA, image(1));
  await writeFile(imageB, image(2));
});

async function compare(...args: string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const run = await ifim('compare', '--out', out, '--backend', 'cpu', ...args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(await readFile(join(out, 'compare.json'), 'utf8'));
}

describe('npx ifim compare', () => {
  it('a linear softmax model has the same full iFIM subspace at two images: every angle ≈ 0°', async () => {
    const result = await compare('--model', linearDir, '--image', imageA, '--image-b', imageB);
    expect(result.k).toBe(3);
    expect(result.a.rank).toBe(3);
    expect(result.inputDistanceL2).toBeGreaterThan(1);
    for (const d of result.anglesDegrees) expect(d).toBeLessThan(0.05);
    expect(result.a.eigenvalues).not.toEqual(result.b.eigenvalues);
  });

  it('an identity change (window centre 0.5 width 1, zero noise) and a copy of the model give 0°; real noise gives angles in (0°, 90°]', async () => {
    for (const args of [['--window-b', '0.5,1'], ['--noise', '0'], ['--model-b', cnnCopyDir]]) {
      const result = await compare('--model', cnnDir, '--image', imageA, ...args);
      expect(result.k).toBe(2);
      for (const d of result.anglesDegrees) expect(d).toBeLessThan(1e-3);
    }
    const noisy = await compare('--model', cnnDir, '--image', imageA, '--noise', '0.5', '--seed', '3', '--top-k', '1');
    expect(noisy.k).toBe(1);
    expect(noisy.anglesDegrees[0]).toBeGreaterThan(0.01);
    expect(noisy.anglesDegrees[0]).toBeLessThanOrEqual(90);
    expect(noisy.cosines[0]).toBeCloseTo(Math.cos((noisy.anglesDegrees[0] * Math.PI) / 180), 12);
    expect(noisy.b.change).toEqual({ noiseSigma: 0.5, seed: 3, window: null, scale: null });
  });

  it.each([
    [['--model', 'CNN', '--image', 'A'], /nothing to compare/],
    [['--model', 'CNN', '--model-b', 'SMALL', '--image', 'A'], /take 12×12×1 and 8×8×1 inputs/],
    [['--model', 'CNN', '--image', 'A', '--window-b', '0.5'], /--window-b must be "centre,width"/],
    [['--model', 'CNN', '--image', 'A', '--scale-b', '0'], /--scale-b must be a number > 0/],
  ])('refuses %j with one line', async (args, message) => {
    const resolved = args.map((a) => (a === 'CNN' ? cnnDir : a === 'SMALL' ? smallCnnDir : a === 'A' ? imageA : a));
    const { code, stderr } = await ifim('compare', '--out', join(dir, 'refused'), '--backend', 'cpu', ...resolved);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
