import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from './classifier';
import { classifierFromArtifacts, GraphClassifier } from './classifier';
import { loadClassifierFromFiles } from './loadModel';
import { logitJacobianBatched, logitJacobianPerClass } from './logitJacobian';
import { translateModelError } from './modelErrors';
import type { ModelFile } from './modelFromFiles';
import { artifactsFromFiles } from './modelFromFiles';
import { ModelLoadError } from './modelLoadError';
import { editedFixture, fixtureFiles } from './testing/modelFixtures';
import { testImage } from './testing/smallModels';
import { useWasmBackendInNode } from './wasm/nodeWasmSetup';

/**
 * GraphModels: the hand-written graph of scripts/make-model-fixtures.ts mirrors the LayersModel
 * twin's weights, so both formats must give the same logits and the same Jacobian.
 */
const N = 16 * 16;

async function load(files: ModelFile[]): Promise<Classifier> {
  return (await loadClassifierFromFiles(files)).classifier;
}

async function loadError(files: ModelFile[]): Promise<ModelLoadError> {
  try {
    (await load(files)).dispose();
  } catch (error) {
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  throw new Error('expected a ModelLoadError');
}

async function logitsAndJacobian(classifier: Classifier, x: Float32Array): Promise<{ logits: Float32Array; jacobian: Float32Array; loop: Float32Array }> {
  const xt = tf.tensor4d(x, [1, 16, 16, 1]);
  const z = classifier.logits(xt);
  const j = logitJacobianBatched(classifier, xt, 2);
  const l = logitJacobianPerClass(classifier, xt);
  const out = { logits: (await z.data()) as Float32Array, jacobian: (await j.data()) as Float32Array, loop: (await l.data()) as Float32Array };
  tf.dispose([xt, z, j, l]);
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

describe.each(['cpu', 'wasm'] as const)('GraphModel and its LayersModel twin on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await useWasmBackendInNode();
    else await tf.setBackend('cpu');
  });

  it.each(['graph-twin', 'graph-single-image', 'graph-twin-zip'])('%s gives the twin’s logits and Jacobian (batched = per-class loop)', async (name) => {
    const x = testImage(N, 4);
    const layers = await load(await fixtureFiles('layers-twin'));
    const graph = await load(await fixtureFiles(name));
    expect(graph).toBeInstanceOf(GraphClassifier);
    const a = await logitsAndJacobian(layers, x);
    const b = await logitsAndJacobian(graph, x);
    layers.dispose();
    graph.dispose();
    expect(maxAbs(a.jacobian)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5 * Math.max(1, maxAbs(a.logits)));
    expect(maxAbsDiff(a.jacobian, b.jacobian)).toBeLessThan(1e-5 * maxAbs(a.jacobian));
    expect(maxAbsDiff(b.jacobian, b.loop)).toBeLessThan(1e-6 * maxAbs(b.jacobian));
  });
});

describe('GraphModel loading', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('removes the trailing Softmax (behind an Identity) and reports the graph', async () => {
    const { classifier, metadataSource, inference } = await loadClassifierFromFiles(await fixtureFiles('graph-single-image'));
    expect(classifier.info).toMatchObject({
      format: 'graph-model',
      removedActivation: 'softmax',
      head: 'softmax',
      headSource: 'activation',
      logitSource: 'model-logits',
      inputShape: [16, 16, 1],
      input: { declared: [16, 16, 1], batch: 'none', channels: 'last' },
    });
    expect(classifier.info.operations).toEqual(expect.arrayContaining(['Conv2D', '_FusedConv2D', 'MaxPool', 'MatMul', 'Identity', 'ExpandDims']));
    expect(classifier.info.operations).not.toContain('Softmax');
    expect(metadataSource).toBe('inferred');
    expect(inference?.metadata.input).toEqual({ height: 16, width: 16, channels: 1 });
    classifier.dispose();
  });

  it('takes a LogSoftmax output as logits, and falls back to log-probabilities when the Softmax cannot be removed', async () => {
    const twin = await load(await fixtureFiles('layers-twin'));
    const x = testImage(N, 9);
    const reference = await logitsAndJacobian(twin, x);
    twin.dispose();
    const softmax = (z: ArrayLike<number>) => {
      const m = Math.max(...Array.from(z));
      const e = Array.from(z, (v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    };
    const withOp = (from: string, to: string) => (json: Record<string, unknown>) => {
      const nodes = (json.modelTopology as { node: Array<{ op: string; name: string }> }).node;
      nodes.find((n) => n.op === from || n.name === from)!.op = to;
      delete (json as { signature?: unknown }).signature;
    };
    const logSoftmax = await load(await editedFixture('graph-twin', withOp('Softmax', 'LogSoftmax')));
    expect(logSoftmax.info).toMatchObject({ removedActivation: null, head: 'softmax', logitSource: 'model-logits' });
    const a = await logitsAndJacobian(logSoftmax, x);
    logSoftmax.dispose();
    softmax(a.logits).forEach((p, i) => expect(p).toBeCloseTo(softmax(reference.logits)[i], 6));

    // Relu after the Softmax: not a pass-through, so the Softmax stays and its output is used as log p.
    const relu = await load(await editedFixture('graph-twin', withOp('Identity', 'Relu')));
    expect(relu.info).toMatchObject({ removedActivation: null, logitSource: 'log-probabilities', notice: expect.stringMatching(/log-probabilities/) });
    const b = await logitsAndJacobian(relu, x);
    relu.dispose();
    softmax(b.logits).forEach((p, i) => expect(p).toBeCloseTo(softmax(reference.logits)[i], 6));
  });

  type Graph = { modelTopology: { node: Array<{ name: string; op: string; input?: string[]; attr?: Record<string, unknown> }> }; signature?: Record<string, unknown> };
  const edit = (f: (g: Graph) => void) => editedFixture('graph-twin', (json) => f(json as unknown as Graph));

  it.each<[string, (g: Graph) => void, string, RegExp]>([
    [
      'two outputs',
      (g) => {
        delete g.signature;
        g.modelTopology.node.push({ name: 'aux', op: 'Relu', input: ['model/conv1/Relu'], attr: {} });
      },
      'multiple-outputs',
      /graph-twin\/model\.json: the graph has 2 outputs \(Identity, aux\)/,
    ],
    [
      'two inputs',
      (g) => {
        delete g.signature;
        const image = g.modelTopology.node[0];
        g.modelTopology.node.push({ ...image, name: 'mask' }, { name: 'masked', op: 'AddV2', input: ['image', 'mask'], attr: {} });
        g.modelTopology.node.find((n) => n.name === 'model/conv1/Conv2D')!.input![0] = 'masked';
      },
      'multiple-inputs',
      /the graph has 2 inputs \(image, mask\)/,
    ],
    [
      'a feature map as output',
      (g) => {
        (g.signature as { outputs: Record<string, { name: string }> }).outputs.output_0.name = 'model/conv1/Relu:0';
      },
      'output-not-classifier',
      /returns shape \[1, 16, 16, 4\], a map rather than one vector of class scores/,
    ],
    [
      'an integer input',
      (g) => {
        g.modelTopology.node[0].attr!.dtype = { type: 'DT_INT32' };
      },
      'input-shape',
      /the model's input is int32/,
    ],
    [
      'a constant without its weight',
      (g) => {
        const node = g.modelTopology.node.find((n) => n.name === 'model/conv1/bias')!;
        node.name = 'model/conv1/bias_renamed';
        g.modelTopology.node.find((n) => n.name === 'model/conv1/BiasAdd')!.input![1] = 'model/conv1/bias_renamed';
      },
      'weight-mismatch',
      /1 constant of the graph \(model\/conv1\/bias_renamed\) has no weight of that name in the weightsManifest, which instead names model\/conv1\/bias/,
    ],
    [
      'an op TF.js does not know',
      (g) => {
        g.modelTopology.node.find((n) => n.op === 'Relu')!.op = 'FancyRelu';
      },
      'unsupported-op',
      /the graph uses the op FancyRelu, which TF.js does not implement/,
    ],
    [
      'a batch fixed to 8',
      (g) => {
        delete g.signature;
        g.modelTopology.node[0].attr!.shape = { shape: { dim: [8, 16, 16, 1].map((d) => ({ size: String(d) })) } };
      },
      'input-shape',
      /its batch size is fixed to 8/,
    ],
  ])('refuses %s', async (_, change, code, message) => {
    const error = await loadError(await edit(change));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses an op without a gradient (cpu), and says when the backend lacks the kernel (wasm)', async () => {
    const cpu = await loadError(await fixtureFiles('broken-unsupported-op'));
    expect(cpu).toMatchObject({ code: 'unsupported-op', file: 'broken-unsupported-op/model.json' });
    expect(cpu.message).toMatch(/TF\.js cannot differentiate the op Einsum/);
    await useWasmBackendInNode();
    const wasm = await loadError(await fixtureFiles('broken-unsupported-op'));
    expect(wasm.message).toMatch(/the op Einsum cannot run on the wasm backend \(no kernel registered\), and TF\.js cannot differentiate it on any backend/);
    await tf.setBackend('cpu');
  });

  it('names the backends that have a kernel the current one lacks', () => {
    const error = translateModelError(new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"), 'my/model.json') as ModelLoadError;
    expect(error.code).toBe('unsupported-op');
    expect(error.message).toBe('my/model.json: the op Conv2DBackpropFilter cannot run on the wasm backend (no kernel registered); TF.js has it for cpu, webgl: choose one of those backends');
  });

  it('builds from artifacts without a format field, by the topology’s node list', async () => {
    const { artifacts } = artifactsFromFiles(await fixtureFiles('graph-twin'));
    const classifier = await classifierFromArtifacts({ ...artifacts, format: undefined }, null, 'graph');
    expect(classifier.info.format).toBe('graph-model');
    expect(classifier.info.memory.bytesPerCopy).toBeGreaterThan(16 * 16 * 4);
    classifier.dispose();
  });
});

describe('tensor hygiene with a GraphModel', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    await useWasmBackendInNode();
    classifier = await load(await fixtureFiles('graph-single-image'));
  });
  afterAll(() => classifier.dispose());

  it('leaves tf.memory().numTensors where it found it', async () => {
    const x = testImage(N, 2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await logitsAndJacobian(classifier, x);
    expect(tf.memory().numTensors).toBe(before);
  });
});
