import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifierFromFiles } from '../loadModel';
import { ModelLoadError } from '../modelLoadError';
import type { ModelSpec, NodeSpec } from './testing/onnxBuilder';
import { buildOnnxModel } from './testing/onnxBuilder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 2-class linear classifier on a 1×4×4 image: Flatten → Gemm (weights w) → head. */
function classifier(options: { head?: NodeSpec[]; weightType?: 'float' | 'float16' | 'external'; input?: ModelSpec['inputs'][number]; extraInput?: boolean; extraOutput?: boolean; opset?: number; extraNode?: NodeSpec } = {}) {
  const weights = Array.from({ length: 32 }, (_, i) => ((i * 7) % 11) / 10 - 0.5);
  const nodes: NodeSpec[] = [
    { op: 'Flatten', inputs: ['x'], outputs: ['f'], name: 'flatten' },
    { op: 'Gemm', inputs: ['f', 'w'], outputs: ['z'], name: 'fc', attributes: { transB: 1 } },
    ...(options.extraNode ? [options.extraNode] : []),
    ...(options.head ?? []),
  ];
  const output = options.head?.length ? options.head[options.head.length - 1].outputs[0] : 'z';
  return {
    weights,
    spec: {
      inputs: [options.input ?? { name: 'x', dims: ['batch', 1, 4, 4] }, ...(options.extraInput ? [{ name: 'mask', dims: [1, 16] }] : [])],
      outputs: [{ name: output, dims: ['batch', 2] }, ...(options.extraOutput ? [{ name: 'f', dims: ['batch', 16] }] : [])],
      nodes,
      initializers: [{ name: 'w', dims: [2, 16], data: weights, type: options.weightType ?? 'float' }],
      opset: options.opset ?? 17,
    } satisfies ModelSpec,
  };
}

function files(spec: ModelSpec, extra: Array<{ name: string; bytes: Uint8Array }> = []) {
  const { model, externalData } = buildOnnxModel(spec);
  return [{ name: 'my/model.onnx', bytes: model }, ...(externalData.length ? [{ name: 'my/weights.bin', bytes: externalData }] : []), ...extra];
}

async function refusal(list: Array<{ name: string; bytes: Uint8Array }>): Promise<ModelLoadError> {
  const before = tf.memory().numTensors;
  try {
    (await loadClassifierFromFiles(list)).classifier.dispose();
  } catch (error) {
    expect(tf.memory().numTensors).toBe(before);
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  throw new Error('the model was accepted');
}

const image = tf.tidy(() => tf.reshape(tf.linspace(0, 1, 16), [1, 4, 4, 1]) as tf.Tensor4D);

async function logitsOf(list: Array<{ name: string; bytes: Uint8Array }>): Promise<{ logits: number[]; info: Awaited<ReturnType<typeof loadClassifierFromFiles>> }> {
  const loaded = await loadClassifierFromFiles(list);
  const z = tf.tidy(() => loaded.classifier.logits(image));
  const logits = Array.from(await z.data());
  z.dispose();
  return { logits, info: loaded };
}

function expectedLogits(weights: number[], round: (v: number) => number = (v) => v): number[] {
  const pixels = Array.from({ length: 16 }, (_, i) => i / 15);
  return [0, 1].map((c) => pixels.reduce((s, p, i) => s + p * round(weights[c * 16 + i]), 0));
}

describe('ONNX models from files', () => {
  it('removes a final Softmax behind an Identity, names the head and summarises the graph', async () => {
    const { spec, weights } = classifier({ head: [{ op: 'Softmax', inputs: ['z'], outputs: ['p'], name: 'softmax', attributes: { axis: 1 } }, { op: 'Identity', inputs: ['p'], outputs: ['out'] }] });
    const { logits, info } = await logitsOf(files(spec));
    const c = info.classifier.info;
    expect(c.format).toBe('onnx');
    expect([c.head, c.headSource, c.removedActivation, c.logitSource]).toEqual(['softmax', 'activation', 'softmax', 'model-logits']);
    expect(c.input.batch).toBe('any');
    expect(c.inputShape).toEqual([4, 4, 1]);
    expect(c.graph?.opCounts).toEqual({ Flatten: 1, Gemm: 1, Softmax: 1, Identity: 1 });
    expect(c.graph?.inputs).toEqual([{ name: 'x', shape: ['batch', 1, 4, 4] }]);
    expect(info.metadata.id).toBe('my');
    logits.forEach((z, i) => expect(z).toBeCloseTo(expectedLogits(weights)[i], 5));
    info.classifier.dispose();
  });

  it('reads float16 initializers and external data files', async () => {
    const half = classifier({ weightType: 'float16' });
    const fromHalf = await logitsOf(files(half.spec));
    // Every weight here (k/10 − 0.5) rounds to float16 within 2⁻¹¹ relative.
    fromHalf.logits.forEach((z, i) => expect(z).toBeCloseTo(expectedLogits(half.weights)[i], 3));
    fromHalf.info.classifier.dispose();
    const external = classifier({ weightType: 'external' });
    const fromExternal = await logitsOf(files(external.spec));
    fromExternal.logits.forEach((z, i) => expect(z).toBeCloseTo(expectedLogits(external.weights)[i], 5));
    fromExternal.info.classifier.dispose();
    const missing = await refusal(files(external.spec).filter((f) => !f.name.endsWith('weights.bin')));
    expect(missing.code).toBe('missing-shard');
    expect(missing.message).toContain('weights.bin');
  });

  it('raw logits take the head from metadata.json; without it the head is assumed and ImageNet normalisation is offered for RGB', async () => {
    const { spec } = classifier({ input: { name: 'x', dims: [1, 3, 4, 4] } });
    const metadata = { formatVersion: 1, id: 'lin', title: 'lin', description: '', classes: ['a', 'b'], head: 'sigmoid', input: { height: 4, width: 4, channels: 3 }, preprocessing: { intensity: 'unit', mean: [0, 0, 0], std: [1, 1, 1], resize: 'bilinear' } };
    const wide = { ...spec, initializers: [{ name: 'w', dims: [2, 48], data: Array.from({ length: 96 }, (_, i) => (i % 5) / 5) }] };
    const withMetadata = await loadClassifierFromFiles(files(wide, [{ name: 'my/metadata.json', bytes: new TextEncoder().encode(JSON.stringify(metadata)) }]));
    expect([withMetadata.classifier.info.head, withMetadata.classifier.info.headSource, withMetadata.classifier.info.input.batch]).toEqual(['sigmoid', 'metadata', 'one']);
    withMetadata.classifier.dispose();
    const bare = await loadClassifierFromFiles(files(wide));
    expect(bare.classifier.info.headSource).toBe('assumed');
    expect(bare.metadata.preprocessing.mean).toEqual([0.485, 0.456, 0.406]);
    expect(bare.inference?.toConfirm).toContain('preprocessing.mean');
    bare.classifier.dispose();
  });
});

describe('ONNX refusals name the op, node or input', () => {
  it('an unsupported op, with its nodes', async () => {
    const { spec } = classifier({ extraNode: { op: 'Einsum', inputs: ['z'], outputs: ['e'], name: 'mix', attributes: { equation: 'ij->ij' } } });
    const error = await refusal(files(spec));
    expect(error.code).toBe('unsupported-op');
    expect(error.message).toMatch(/my\/model\.onnx: the ONNX op Einsum \(node mix\) is not supported/);
  });

  it('an op of another domain', async () => {
    const { spec } = classifier({ extraNode: { op: 'FusedConv', domain: 'com.microsoft', inputs: ['z'], outputs: ['e'], name: 'fused' } });
    expect((await refusal(files(spec))).message).toContain('com.microsoft.FusedConv (node fused)');
  });

  it('an opset outside 11–18', async () => {
    const error = await refusal(files(classifier({ opset: 9 }).spec));
    expect([error.code, error.message.includes('opset 9')]).toEqual(['unsupported-op', true]);
  });

  it('several inputs, several outputs', async () => {
    expect((await refusal(files(classifier({ extraInput: true }).spec))).code).toBe('multiple-inputs');
    const outputs = await refusal(files(classifier({ extraOutput: true }).spec));
    expect([outputs.code, outputs.message.includes('(z, f)')]).toEqual(['multiple-outputs', true]);
  });

  it('a non-image input: integer, or not rank 4', async () => {
    const integer = await refusal(files(classifier({ input: { name: 'x', dims: [1, 1, 4, 4], elemType: 7 } }).spec));
    expect([integer.code, integer.message]).toEqual(['input-shape', 'my/model.onnx: the input x is int64, not an image: the analysis differentiates with respect to float32 pixels']);
    const vector = await refusal(files(classifier({ input: { name: 'x', dims: [1, 16] } }).spec));
    expect(vector.message).toContain('has shape [1, 16], not an image');
  });

  it('a dynamic height and width without metadata.json', async () => {
    const error = await refusal(files(classifier({ input: { name: 'x', dims: ['batch', 1, 'height', 'width'] } }).spec));
    expect(error.code).toBe('input-shape');
    expect(error.message).toContain('its height and width are dynamic; give them in metadata.json');
  });

  it('a damaged file', async () => {
    const error = await refusal([{ name: 'broken.onnx', bytes: new Uint8Array([8, 7, 0x3a, 200, 1, 2]) }]);
    expect([error.code, error.message.startsWith('broken.onnx cannot be read as an ONNX model')]).toEqual(['invalid-model-json', true]);
  });
});
