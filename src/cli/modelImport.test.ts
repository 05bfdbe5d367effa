import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../io/npy';
import { ifim } from './testing/runCli';

/**
 * "Bring your own model" through the command line: every fixture of scripts/make-model-fixtures.ts
 * loads and is analysed by `ifim analyze`; the GraphModel and its LayersModel twin agree; every
 * broken fixture is refused with its code and a message naming the file.
 */
const MODELS = join('test-fixtures', 'models');
const IMAGE = join('test-fixtures', 'images', 'rgb8.png');

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'ifim-import-'));
});

interface Result {
  model: { id: string; classes: string[]; head: string; inputShape: number[]; logitSource: string };
  eigenvalues: number[];
  rank: number;
  probabilities: number[];
}

async function analyze(model: string, extra: string[] = []): Promise<{ result: Result; jacobian: Float32Array; out: string }> {
  const out = join(outRoot, model.replace(/[/\\.]/g, '_') + extra.join('_'));
  const { code, stderr } = await ifim('analyze', '--model', join(MODELS, model), '--image', IMAGE, '--out', out, ...extra);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as Result;
  const jacobian = decodeNpy(new Uint8Array(await readFile(join(out, 'jacobian.npy')))).data as Float32Array;
  return { result, jacobian, out };
}

describe('ifim analyze --model <fixture>', () => {
  it.concurrent.each([
    ['layers-rgb-bn', 'fixture-rgb-bn', 'softmax', [24, 24, 3], 3],
    ['layers-nonsquare-sigmoid', 'fixture-nonsquare-sigmoid', 'sigmoid', [48, 32, 1], 3],
    ['layers-no-metadata', 'layers-no-metadata', 'softmax', [28, 28, 1], 4],
    ['layers-40-classes', 'fixture-40-classes', 'softmax', [12, 12, 1], 39],
    ['layers-twin', 'fixture-twin-layers', 'softmax', [16, 16, 1], 2],
    ['graph-twin', 'fixture-twin-graph', 'softmax', [16, 16, 1], 2],
    ['graph-single-image', 'graph-single-image', 'softmax', [16, 16, 1], 2],
    ['graph-twin-zip/model.zip', 'fixture-twin-zip', 'softmax', [16, 16, 1], 2],
  ])('%s', async (fixture, id, head, inputShape, rank) => {
    const { result } = await analyze(fixture);
    expect(result.model).toMatchObject({ id, head, inputShape, logitSource: 'model-logits' });
    expect(result.rank).toBe(rank);
    expect(result.eigenvalues[0]).toBeGreaterThan(0);
    if (fixture === 'layers-no-metadata') expect(result.model.classes).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
  });

  it('the GraphModel, its zip and its LayersModel twin give the same probabilities, eigenvalues and Jacobian', async () => {
    const [layers, graph, zipped] = await Promise.all([analyze('layers-twin'), analyze('graph-twin'), analyze('graph-twin-zip/model.zip')]);
    const scale = Math.max(...Array.from(layers.jacobian, Math.abs));
    for (const other of [graph, zipped]) {
      other.result.probabilities.forEach((p, i) => expect(p).toBeCloseTo(layers.result.probabilities[i], 6));
      other.result.eigenvalues.forEach((v, i) => expect(Math.abs(v - layers.result.eigenvalues[i])).toBeLessThan(1e-5 * layers.result.eigenvalues[0]));
      other.jacobian.forEach((v, i) => expect(Math.abs(v - layers.jacobian[i])).toBeLessThan(1e-5 * scale));
    }
  });
});

describe('ifim analyze refuses broken models: one line, the code, the file', () => {
  it.concurrent.each([
    ['broken-truncated-shard', 'shard-size', 'broken-truncated-shard/weights.bin', /has the wrong size: its group holds 4492 bytes, but .*model\.json describes 4588; the file is truncated/],
    ['broken-missing-shard', 'missing-shard', 'broken-missing-shard/group1-shard2of2.bin', /is missing: .*broken-missing-shard\/model\.json lists it in its weightsManifest/],
    ['broken-json', 'invalid-model-json', 'broken-json/model.json', /is not valid JSON/],
    ['broken-h5', 'foreign-format', 'broken-h5/model.json', /is a Keras HDF5 model \(\.h5\), not a TensorFlow\.js model: convert it with `tensorflowjs_converter --input_format=keras/],
    ['broken-onnx', 'invalid-model-json', 'broken-onnx/model.onnx', /cannot be read as an ONNX model: the file is truncated or damaged/],
    ['broken-onnx/model.onnx', 'invalid-model-json', 'broken-onnx/model.onnx', /cannot be read as an ONNX model/],
    ['broken-weight-names', 'weight-mismatch', 'broken-weight-names/model.json', /the weightsManifest has a weight named stem_conv\/kernel, which no layer of the model has/],
    ['broken-unsupported-op', 'unsupported-op', 'broken-unsupported-op/model.json', /the op Einsum cannot run on the wasm backend/],
  ])('%s → %s', async (fixture, code, file, message) => {
    const { code: exit, stderr } = await ifim('analyze', '--model', join(MODELS, fixture), '--image', IMAGE, '--out', join(outRoot, 'never'));
    expect(exit).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ifim: /);
    expect(lines[0]).toContain(join(MODELS, file).replace(/\\/g, '/'));
    expect(lines[0]).toMatch(message);
    expect(lines[0].endsWith(`[${code}]`)).toBe(true);
  });

  it('on the cpu backend, the missing gradient is the reason', async () => {
    const { code, stderr } = await ifim('analyze', '--model', join(MODELS, 'broken-unsupported-op'), '--image', IMAGE, '--backend', 'cpu');
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/TF\.js cannot differentiate the op Einsum, which lies between the input and the output; .* \[unsupported-op\]$/);
  });
});
