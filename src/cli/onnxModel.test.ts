import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../engine/onnx/testing/onnxBuilder';
import { encodeNpyFloat32 } from '../io/npy';
import { ifim } from './testing/runCli';

/**
 * ONNX models through the command line: `--model` takes an .onnx file or a folder holding one (with
 * metadata.json and external data beside it); analyze prints the graph summary; predict on
 * PyTorch's own input gives PyTorch's probabilities.
 */
const FIXTURES = join('test-fixtures', 'onnx');
const IMAGE = join('test-fixtures', 'images', 'rgb8.png');

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'ifim-onnx-'));
});

interface PyTorchRecord {
  readonly inputNchw: [number, number, number, number];
  readonly x: number[];
  readonly probabilities: number[];
}

async function nhwcNpy(name: string): Promise<{ path: string; record: PyTorchRecord }> {
  const record = JSON.parse(await readFile(join(FIXTURES, name, 'pytorch.json'), 'utf8')) as PyTorchRecord;
  const [, c, h, w] = record.inputNchw;
  const x = new Float32Array(c * h * w);
  for (let ci = 0; ci < c; ci++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) x[(i * w + j) * c + ci] = record.x[(ci * h + i) * w + j];
  const path = join(outRoot, `${name}.npy`);
  await writeFile(path, encodeNpyFloat32(x, [1, h, w, c]));
  return { path, record };
}

describe('ifim with ONNX models', () => {
  it.concurrent.each([['convnext'], ['vit/model.onnx']])('analyze --model %s prints the graph summary and writes it to result.json', async (model) => {
    const out = join(outRoot, model.replace(/[/.]/g, '_'));
    const { code, stdout, stderr } = await ifim('analyze', '--model', join(FIXTURES, model), '--image', IMAGE, '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^onnx input input \[batch, 3, 32, 32\] → output output \[batch, 5\]; opset 1[47], from pytorch/m);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.model.graph.opCounts.Conv).toBeGreaterThan(0);
    expect(result.eigenvalues.length).toBeGreaterThan(0);
  });

  it.concurrent.each([['resnet'], ['densenet'], ['mobilenet_v2'], ['efficientnet']])('predict on PyTorch’s input gives PyTorch’s probabilities (%s)', async (name) => {
    const { path, record } = await nhwcNpy(name);
    const { code, stdout, stderr } = await ifim('predict', '--model', join(FIXTURES, name, 'model.onnx'), '--input', path);
    expect([code, stderr]).toEqual([0, '']);
    const probabilities = JSON.parse(stdout).predictions[0].probabilities as number[];
    probabilities.forEach((p, i) => expect(Math.abs(p - record.probabilities[i]) / record.probabilities[i]).toBeLessThan(1e-3));
  });

  it('reads external data beside the .onnx, and names the file when it is missing', async () => {
    const weights = Array.from({ length: 32 }, (_, i) => (i % 7) / 7 - 0.4);
    const { model, externalData } = buildOnnxModel({
      inputs: [{ name: 'x', dims: [1, 1, 4, 4] }],
      outputs: [{ name: 'p', dims: [1, 2] }],
      nodes: [
        { op: 'Flatten', inputs: ['x'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'w'], outputs: ['z'], attributes: { transB: 1 } },
        { op: 'Softmax', inputs: ['z'], outputs: ['p'], attributes: { axis: 1 } },
      ],
      initializers: [{ name: 'w', dims: [2, 16], data: weights, type: 'external' }],
      externalFile: 'linear.weights',
    });
    const dir = await mkdtemp(join(outRoot, 'external-'));
    await writeFile(join(dir, 'linear.onnx'), model);
    const input = join(dir, 'x.npy');
    const pixels = Array.from({ length: 16 }, (_, i) => i / 16);
    await writeFile(input, encodeNpyFloat32(pixels, [1, 4, 4, 1]));
    const missing = await ifim('predict', '--model', join(dir, 'linear.onnx'), '--input', input);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/external data file linear\.weights is missing: .*linear\.onnx keeps the weights of w there.* \[missing-shard\]$/);
    await writeFile(join(dir, 'linear.weights'), externalData);
    const { code, stdout } = await ifim('predict', '--model', join(dir, 'linear.onnx'), '--input', input);
    expect(code).toBe(0);
    const z = [0, 1].map((c) => pixels.reduce((s, p, i) => s + p * Math.fround(weights[c * 16 + i]), 0));
    const logits = JSON.parse(stdout).predictions[0].logits as number[];
    logits.forEach((v, i) => expect(v).toBeCloseTo(z[i], 5));
  });
});
