import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelMetadata, serializeMetadata } from '../core';
import { analyzeImage } from './analyzeImage';
import type { Classifier, LayersClassifier } from './classifier';
import { classifierFromArtifacts, layersModelOf } from './classifier';
import { imageInputLayout } from './imageInput';
import { backendBufferLimitBytes, jacobianMemoryEstimate } from './jacobianMemory';
import { loadClassifierFromFiles } from './loadModel';
import { logitJacobianBatched, logitJacobianPerClass } from './logitJacobian';
import { ModelLoadError } from './modelLoadError';
import { fixtureFiles } from './testing/modelFixtures';
import { modelArtifacts, testImage } from './testing/smallModels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function fromModel(model: tf.LayersModel): Promise<Classifier> {
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return classifierFromArtifacts(artifacts, null, 'test', { source: 'test/model.json' });
}

async function refusal(build: () => tf.LayersModel): Promise<ModelLoadError> {
  try {
    (await fromModel(build())).dispose();
  } catch (error) {
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  throw new Error('expected a ModelLoadError');
}

const dense = (units: number, activation?: 'softmax' | 'sigmoid') => tf.layers.dense({ units, activation, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) });

describe('the fixtures load with what each exercises', () => {
  it.each([
    ['layers-rgb-bn', { format: 'layers-model', head: 'softmax', headSource: 'metadata', removedActivation: 'softmax', inputShape: [24, 24, 3] }, ['BatchNormalization', 'Conv2D']],
    ['layers-nonsquare-sigmoid', { head: 'sigmoid', removedActivation: 'sigmoid', inputShape: [48, 32, 1] }, ['SeparableConv2D', 'DepthwiseConv2D']],
    ['layers-no-metadata', { head: 'softmax', headSource: 'activation', classes: ['class 0', 'class 1', 'class 2', 'class 3', 'class 4'], inputShape: [28, 28, 1] }, ['Conv2D', 'Dense']],
    ['layers-40-classes', { head: 'softmax', inputShape: [12, 12, 1] }, ['Dense']],
    ['graph-twin', { format: 'graph-model', removedActivation: 'softmax', inputShape: [16, 16, 1] }, ['_FusedConv2D', 'MatMul']],
  ])('%s', async (name, info, operations) => {
    const { classifier } = await loadClassifierFromFiles(await fixtureFiles(name));
    expect(classifier.info).toMatchObject(info);
    expect(classifier.info.operations).toEqual(expect.arrayContaining(operations));
    const [h, w, c] = classifier.info.inputShape;
    const analysis = await analyzeImage(classifier, testImage(h * w * c, 1));
    expect(analysis.eigen.rank).toBe(classifier.info.head === 'softmax' ? classifier.info.classes.length - 1 : classifier.info.classes.length);
    classifier.dispose();
  });
});

describe('metadata inference', () => {
  it('infers input and head from the model, defaults the rest, and lists what to confirm', async () => {
    const loaded = await loadClassifierFromFiles(await fixtureFiles('layers-no-metadata'));
    loaded.classifier.dispose();
    expect(loaded.metadataSource).toBe('inferred');
    const { metadata, fields, toConfirm } = loaded.inference!;
    expect(metadata).toMatchObject({
      formatVersion: 1,
      id: 'layers-no-metadata',
      head: 'softmax',
      classes: ['class 0', 'class 1', 'class 2', 'class 3', 'class 4'],
      input: { height: 28, width: 28, channels: 1 },
      preprocessing: { intensity: 'unit', mean: [0], std: [1], resize: 'bilinear' },
    });
    expect(fields.find((f) => f.path === 'head')).toMatchObject({ origin: 'inferred', note: expect.stringMatching(/ends in a softmax/) });
    expect(fields.find((f) => f.path === 'input')?.origin).toBe('inferred');
    expect(toConfirm).toEqual(['id', 'title', 'description', 'classes', 'preprocessing.intensity', 'preprocessing.mean', 'preprocessing.std', 'preprocessing.resize']);
    // serializeMetadata writes a file parseModelMetadata reads back unchanged.
    const text = serializeMetadata({ ...metadata, classes: ['a', 'b', 'c', 'd', 'e'] });
    expect(text.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['formatVersion', 'id', 'title', 'description', 'classes', 'head', 'input', 'preprocessing']);
    expect(parseModelMetadata(JSON.parse(text))).toEqual({ ...metadata, classes: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('asks for the head when the model outputs raw scores', async () => {
    const classifier = await fromModel(tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), dense(3)] }));
    expect(classifier.info).toMatchObject({ head: 'softmax', headSource: 'assumed', logitSource: 'model-logits', notice: expect.stringMatching(/raw scores/) });
    classifier.dispose();
    const binary = await fromModel(tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), dense(1)] }));
    expect(binary.info).toMatchObject({ head: 'sigmoid', headSource: 'assumed', notice: null });
    binary.dispose();
  });

  it('applies completed metadata to a loaded model, and refuses metadata that does not fit it', async () => {
    const { classifier, metadata } = await loadClassifierFromFiles(await fixtureFiles('layers-no-metadata'));
    classifier.applyMetadata({ ...metadata, id: 'mine', title: 'Mine', classes: ['a', 'b', 'c', 'd', 'e'] });
    expect(classifier.info).toMatchObject({ id: 'mine', classes: ['a', 'b', 'c', 'd', 'e'], headSource: 'metadata' });
    expect(() => classifier.applyMetadata({ ...metadata, classes: ['a', 'b'] })).toThrow(/metadata\.json names 2 classes; the model in layers-no-metadata\/model\.json has 5 outputs/);
    expect(classifier.info.classes).toEqual(['a', 'b', 'c', 'd', 'e']);
    classifier.dispose();
  });
});

describe('refusals, each with its code', () => {
  it('a flat (rank-2) input', async () => {
    const error = await refusal(() => tf.sequential({ layers: [tf.layers.dense({ inputShape: [16], units: 3, activation: 'softmax' })] }));
    expect(error).toMatchObject({ code: 'input-shape', file: 'test/model.json' });
    expect(error.message).toMatch(/the model's input has shape \[None, 16\]; the analysis feeds single images/);
  });

  it('two inputs', async () => {
    const error = await refusal(() => {
      const a = tf.input({ shape: [4, 4, 1] });
      const b = tf.input({ shape: [4, 4, 1] });
      const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
      const out = dense(2, 'softmax').apply(tf.layers.flatten().apply(sum)) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: out });
    });
    expect(error).toMatchObject({ code: 'multiple-inputs', message: 'test/model.json: the model has 2 inputs; only single-image classifiers can be analysed' });
  });

  it('two outputs', async () => {
    const error = await refusal(() => {
      const input = tf.input({ shape: [4, 4, 1] });
      const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: [dense(2, 'softmax').apply(flat) as tf.SymbolicTensor, dense(3).apply(flat) as tf.SymbolicTensor] });
    });
    expect(error.code).toBe('multiple-outputs');
    expect(error.message).toMatch(/^test\/model\.json: the model has 2 outputs/);
  });

  it('an image-shaped output (a segmentation map)', async () => {
    const error = await refusal(() => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'sigmoid' })] }));
    expect(error.code).toBe('output-not-classifier');
    expect(error.message).toMatch(/returns shape \[1, 8, 8, 2\], a map rather than one vector of class scores/);
  });

  it('a softmax over a single output', async () => {
    const error = await refusal(() => tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), dense(1, 'softmax')] }));
    expect(error.code).toBe('output-not-classifier');
    expect(error.message).toMatch(/a softmax over a single output is constant/);
  });

  it('weights renamed in the manifest', async () => {
    await expect(loadClassifierFromFiles(await fixtureFiles('broken-weight-names'))).rejects.toMatchObject({
      code: 'weight-mismatch',
      message: expect.stringMatching(/^broken-weight-names\/model\.json: the weightsManifest has a weight named stem_conv\/kernel, which no layer of the model has/),
    });
  });

  it('metadata that contradicts the model', async () => {
    const files = (await fixtureFiles('layers-twin')).map((f) =>
      f.name.endsWith('metadata.json') ? { ...f, bytes: new TextEncoder().encode(new TextDecoder().decode(f.bytes).replace('"height": 16', '"height": 20')) } : f,
    );
    await expect(loadClassifierFromFiles(files)).rejects.toMatchObject({ code: 'metadata-mismatch', message: expect.stringMatching(/metadata\.json says the input is 20×16×1; the model in layers-twin\/model\.json takes 16×16×1/) });
  });
});

describe('input layouts', () => {
  it('follows the documented rule', () => {
    const layout = (shape: Array<number | null>, meta: { height: number; width: number; channels: 1 | 3 } | null = null) => {
      const metadata = meta ? parseModelMetadata({ formatVersion: 1, id: 'm', title: 'm', classes: ['a'], head: 'sigmoid', input: meta, preprocessing: { mean: Array(meta.channels).fill(0), std: Array(meta.channels).fill(1) } }) : null;
      const l = imageInputLayout(shape, 'float32', metadata, 'm.json');
      return [l.shape, l.batch, l.channels];
    };
    expect(layout([null, 32, 24, 3])).toEqual([[32, 24, 3], 'any', 'last']);
    expect(layout([1, 32, 24, 1])).toEqual([[32, 24, 1], 'one', 'last']);
    expect(layout([null, 3, 32, 24])).toEqual([[32, 24, 3], 'any', 'first']);
    expect(layout([32, 24, 3])).toEqual([[32, 24, 3], 'none', 'last']);
    expect(layout([null, 32, 24])).toEqual([[32, 24, 1], 'any', 'absent']);
    expect(layout([null, null, null, 3], { height: 64, width: 48, channels: 3 })).toEqual([[64, 48, 3], 'any', 'last']);
    expect(() => layout([null, null, null, 3])).toThrow(/its height and width are not fixed; give them in metadata\.json/);
    expect(() => layout([null, 8, 8, 8, 1])).toThrow(/not rank 5/);
    expect(() => layout([4, 8, 8, 1])).toThrow(/batch size is fixed to 4/);
  });

  it('a model that takes one image at a time (batch fixed to 1) gives the batched Jacobian of the per-class loop', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ batchInputShape: [1, 6, 6, 1], filters: 2, kernelSize: 3, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
        tf.layers.reshape({ targetShape: [32] }),
        dense(3, 'softmax'),
      ],
    });
    const classifier = await fromModel(model);
    expect(classifier.info.input.batch).toBe('one');
    const x = tf.tensor4d(testImage(36, 3), [1, 6, 6, 1]);
    const [a, b] = [logitJacobianBatched(classifier, x, 3), logitJacobianPerClass(classifier, x)];
    const [ja, jb] = [await a.data(), await b.data()];
    tf.dispose([x, a, b]);
    ja.forEach((v, i) => expect(v).toBeCloseTo(jb[i], 6));
    classifier.dispose();
  });
});

describe('switching models', () => {
  it('a failed load leaves the previous classifier loaded and working', async () => {
    const first = await loadClassifierFromFiles(await fixtureFiles('layers-twin'));
    const x = testImage(256, 5);
    const before = await analyzeImage(first.classifier, x);
    const tensors = tf.memory().numTensors;
    for (const broken of ['broken-truncated-shard', 'broken-weight-names', 'broken-unsupported-op', 'broken-h5']) {
      await expect(loadClassifierFromFiles(await fixtureFiles(broken))).rejects.toBeInstanceOf(ModelLoadError);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await analyzeImage(first.classifier, x);
    expect(Array.from(after.eigen.eigenvalues)).toEqual(Array.from(before.eigen.eigenvalues));
    first.classifier.dispose();
  });
});

describe('memory', () => {
  it('estimates C × N × 4 bytes for the Jacobian plus one chunk of activations, chunked within the budget', async () => {
    const { classifier } = await loadClassifierFromFiles(await fixtureFiles('layers-40-classes'));
    const { bytesPerCopy, largestTensorBytesPerCopy } = classifier.info.memory;
    expect(bytesPerCopy).toBeGreaterThanOrEqual(largestTensorBytesPerCopy);
    expect(largestTensorBytesPerCopy).toBeGreaterThanOrEqual(12 * 12 * 4);
    // Plain mode: sized by the backward pass measured at load (analysis mode: analysisMemory.test.ts).
    const all = jacobianMemoryEstimate(classifier, undefined, undefined, 'plain');
    expect(all).toMatchObject({ classesAnalysed: 40, inputSize: 144, jacobianBytes: 40 * 144 * 4, classesPerChunk: 40, chunks: 1 });
    expect(all.totalBytes).toBe(all.jacobianBytes + 40 * bytesPerCopy); // one chunk: the rows are held once
    const tight = jacobianMemoryEstimate(classifier, 40, 5 * bytesPerCopy, 'plain');
    expect(tight).toMatchObject({ classesPerChunk: 5, chunks: 8, activationBytes: 5 * bytesPerCopy });
    expect(layersModelOf(classifier)).toBe((classifier as LayersClassifier).model);
    // No chunk may hold a tensor beyond the backend's largest buffer (cpu: 2 GiB), whatever the budget.
    expect(backendBufferLimitBytes()).toBe(2 * 1024 ** 3);
    const huge = { ...classifier, info: { ...classifier.info, memory: { bytesPerCopy: 1, largestTensorBytesPerCopy: 0.6 * 1024 ** 3 } } } as Classifier;
    expect(jacobianMemoryEstimate(huge, 40, 1024 ** 4).classesPerChunk).toBe(3);
    classifier.dispose();
  });
});
