// Writes the "bring your own model" fixtures to test-fixtures/models/<name>/: small seeded
// LayersModels covering the layer kinds users bring, GraphModels whose model.json graph is written
// here (TF.js cannot export one) with weights mirroring a LayersModel twin, a zipped model, and
// broken models for every load error the tests check. Deterministic: rerunning rewrites the same
// bytes. Run: npx tsx scripts/make-model-fixtures.ts
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { saveLayersModel } from '../src/engine/node/modelFiles';

const ROOT = join('test-fixtures', 'models');
const glorot = (seed: number) => tf.initializers.glorotNormal({ seed });
const normal = (seed: number, stddev: number) => tf.initializers.randomNormal({ seed, stddev });

interface FixtureMetadata {
  id: string;
  title: string;
  classes: string[];
  head: 'softmax' | 'sigmoid';
  input: { height: number; width: number; channels: 1 | 3 };
  mean: number[];
  std: number[];
}

function metadataJson(m: FixtureMetadata): string {
  const { mean, std, ...rest } = m;
  return JSON.stringify({ formatVersion: 1, description: 'Test fixture with seeded random weights.', ...rest, preprocessing: { intensity: 'unit', mean, std, resize: 'bilinear' } }, null, 2) + '\n';
}

async function writeLayers(name: string, model: tf.LayersModel, metadata: FixtureMetadata | null): Promise<void> {
  const dir = join(ROOT, name);
  await saveLayersModel(model, dir);
  if (metadata) await writeFile(join(dir, 'metadata.json'), metadataJson(metadata));
}

// ---- LayersModels ----------------------------------------------------------------------------

/** RGB input with per-channel normalisation; conv → BN → ReLU; softmax inside the final Dense. */
function rgbBatchNorm(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [24, 24, 3], filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: glorot(1) }),
      tf.layers.batchNormalization({
        gammaInitializer: tf.initializers.randomUniform({ minval: 0.7, maxval: 1.3, seed: 2 }),
        betaInitializer: normal(3, 0.2),
        movingMeanInitializer: normal(4, 0.1),
        movingVarianceInitializer: tf.initializers.constant({ value: 0.8 }),
      }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: glorot(5), biasInitializer: normal(6, 0.1) }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: normal(7, 1.5), biasInitializer: normal(8, 0.5) }),
    ],
  });
}

/** A non-square grey input (48 high, 32 wide), separable and depthwise convolutions, Activation('sigmoid') multi-label head. */
function nonSquareSigmoid(): tf.LayersModel {
  const input = tf.input({ shape: [48, 32, 1] });
  let x = tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', depthwiseInitializer: glorot(11), pointwiseInitializer: glorot(12) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, activation: 'tanh', depthwiseInitializer: glorot(13) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 3, kernelInitializer: normal(14, 2), biasInitializer: normal(15, 0.5) }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.activation({ activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** No metadata.json: exercises inference. */
function noMetadata(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 5, strides: 2, activation: 'elu', kernelInitializer: glorot(21) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: glorot(22), biasInitializer: normal(23, 0.3) }),
    ],
  });
}

const TWIN = { size: 16, filters1: 4, filters2: 6, classes: 3 } as const;

/** The LayersModel whose weights the GraphModels mirror. */
function twin(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [TWIN.size, TWIN.size, 1], filters: TWIN.filters1, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: glorot(31), biasInitializer: normal(32, 0.1) }),
      tf.layers.conv2d({ filters: TWIN.filters2, kernelSize: 3, activation: 'relu', kernelInitializer: glorot(33), biasInitializer: normal(34, 0.1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: TWIN.classes, activation: 'softmax', kernelInitializer: normal(35, 0.2), biasInitializer: normal(36, 0.3) }),
    ],
  });
}

/** 40 classes: enough for the top-m analysis (C > 32), small enough for the full one too. */
function manyClasses(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'tanh', kernelInitializer: glorot(41), biasInitializer: normal(42, 0.3) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 40, activation: 'softmax', kernelInitializer: normal(43, 0.15), biasInitializer: normal(44, 1) }),
    ],
  });
}

// ---- GraphModels, written node by node ----------------------------------------------------------

const b64 = (s: string) => Buffer.from(s).toString('base64');
const FLOAT = { type: 'DT_FLOAT' };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });
const ints = (values: number[]) => ({ list: { i: values.map(String) } });
const NHWC = { s: b64('NHWC') };

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

class GraphWriter {
  readonly nodes: GraphNode[] = [];
  readonly specs: tf.io.WeightsManifestEntry[] = [];
  readonly values: Uint8Array[] = [];

  node(name: string, op: string, input: string[], attr: Record<string, unknown> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: FLOAT, ...attr } });
    return name;
  }

  constant(name: string, values: Float32Array | Int32Array, shape: number[]): string {
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    const tfType = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: tfType }, value: { tensor: { dtype: tfType, tensorShape: dims(shape) } } } });
    this.specs.push({ name, shape, dtype });
    this.values.push(new Uint8Array(values.buffer.slice(0)));
    return name;
  }

  modelJson(inputName: string, outputName: string, inputShape: number[]): { json: string; weights: Uint8Array } {
    const total = this.values.reduce((s, v) => s + v.byteLength, 0);
    const weights = new Uint8Array(total);
    let offset = 0;
    for (const v of this.values) {
      weights.set(v, offset);
      offset += v.byteLength;
    }
    const json = {
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'ifim-viewer scripts/make-model-fixtures.ts (hand-written GraphDef)',
      modelTopology: { node: this.nodes, library: {}, versions: { producer: 1482 } },
      signature: {
        inputs: { image: { name: `${inputName}:0`, dtype: 'DT_FLOAT', tensorShape: dims(inputShape) } },
        outputs: { output_0: { name: `${outputName}:0`, dtype: 'DT_FLOAT', tensorShape: dims([-1, TWIN.classes]) } },
      },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: this.specs }],
    };
    return { json: JSON.stringify(json), weights };
  }
}

/**
 * The twin as a TensorFlow graph, as tensorflowjs_converter writes one: the first convolution in
 * plain ops (Conv2D, BiasAdd, Relu), the second fused (_FusedConv2D with BiasAdd + Relu), then
 * MaxPool, Reshape, MatMul + BiasAdd (or an Einsum, for the unsupported-op fixture) and Softmax
 * behind an Identity. With `singleImage` the input is one (H, W, 1) image, expanded to a batch.
 */
function twinGraph(weights: Float32Array[], options: { singleImage?: boolean; einsum?: boolean } = {}): { json: string; weights: Uint8Array } {
  const [k1, b1, k2, b2, wd, bd] = weights;
  const g = new GraphWriter();
  const s = TWIN.size;
  const inputShape = options.singleImage ? [s, s, 1] : [-1, s, s, 1];
  g.nodes.push({ name: 'image', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims(inputShape) } } });
  let x = 'image';
  if (options.singleImage) x = g.node('model/expand', 'ExpandDims', [x, g.constant('model/expand/axis', Int32Array.of(0), [])], { Tdim: { type: 'DT_INT32' } });
  const conv = { strides: ints([1, 1, 1, 1]), data_format: NHWC, dilations: ints([1, 1, 1, 1]) };
  x = g.node('model/conv1/Conv2D', 'Conv2D', [x, g.constant('model/conv1/kernel', k1, [3, 3, 1, TWIN.filters1])], { ...conv, padding: { s: b64('SAME') } });
  x = g.node('model/conv1/BiasAdd', 'BiasAdd', [x, g.constant('model/conv1/bias', b1, [TWIN.filters1])], { data_format: NHWC });
  x = g.node('model/conv1/Relu', 'Relu', [x]);
  x = g.node('model/conv2/Relu', '_FusedConv2D', [x, g.constant('model/conv2/kernel', k2, [3, 3, TWIN.filters1, TWIN.filters2]), g.constant('model/conv2/bias', b2, [TWIN.filters2])], {
    ...conv,
    padding: { s: b64('VALID') },
    num_args: { i: '1' },
    fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } },
    epsilon: { f: 0 },
  });
  x = g.node('model/pool/MaxPool', 'MaxPool', [x], { ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('VALID') }, data_format: NHWC });
  const features = ((s - 2) / 2) ** 2 * TWIN.filters2;
  x = g.node('model/flatten/Reshape', 'Reshape', [x, g.constant('model/flatten/shape', Int32Array.of(-1, features), [2])], { Tshape: { type: 'DT_INT32' } });
  const kernel = g.constant('model/dense/kernel', wd, [features, TWIN.classes]);
  x = options.einsum
    ? g.node('model/dense/Einsum', 'Einsum', [x, kernel], { equation: { s: b64('bi,ij->bj') }, N: { i: '2' } })
    : g.node('model/dense/MatMul', 'MatMul', [x, kernel], { transpose_a: { b: false }, transpose_b: { b: false } });
  x = g.node('model/dense/BiasAdd', 'BiasAdd', [x, g.constant('model/dense/bias', bd, [TWIN.classes])], { data_format: NHWC });
  x = g.node('model/dense/Softmax', 'Softmax', [x]);
  const out = g.node('Identity', 'Identity', [x]);
  return g.modelJson('image', out, inputShape);
}

async function writeFiles(name: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const dir = join(ROOT, name);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
}

// ---- main ---------------------------------------------------------------------------------------

await tf.setBackend('cpu');
tf.env().set('PROD', true);
await rm(ROOT, { recursive: true, force: true });

await writeLayers('layers-rgb-bn', rgbBatchNorm(), {
  id: 'fixture-rgb-bn',
  title: 'RGB CNN with batch normalisation',
  classes: ['normal', 'benign', 'malignant', 'artefact'],
  head: 'softmax',
  input: { height: 24, width: 24, channels: 3 },
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
});
await writeLayers('layers-nonsquare-sigmoid', nonSquareSigmoid(), {
  id: 'fixture-nonsquare-sigmoid',
  title: 'Non-square input, separable and depthwise convolutions, multi-label',
  classes: ['effusion', 'nodule', 'cardiomegaly'],
  head: 'sigmoid',
  input: { height: 48, width: 32, channels: 1 },
  mean: [0.5],
  std: [0.25],
});
await writeLayers('layers-no-metadata', noMetadata(), null);
await writeLayers('layers-40-classes', manyClasses(), {
  id: 'fixture-40-classes',
  title: 'Forty classes',
  classes: Array.from({ length: 40 }, (_, i) => `finding ${String(i + 1).padStart(2, '0')}`),
  head: 'softmax',
  input: { height: 12, width: 12, channels: 1 },
  mean: [0.5],
  std: [0.5],
});

const twinModel = twin();
const twinMetadata: FixtureMetadata = {
  id: 'fixture-twin-layers',
  title: 'Twin CNN (LayersModel)',
  classes: ['absent', 'left', 'right'],
  head: 'softmax',
  input: { height: TWIN.size, width: TWIN.size, channels: 1 },
  mean: [0.5],
  std: [0.25],
};
await writeLayers('layers-twin', twinModel, twinMetadata);
const twinWeights = twinModel.getWeights().map((w) => Float32Array.from(w.dataSync()));

const graph = twinGraph(twinWeights);
const graphMetadata = metadataJson({ ...twinMetadata, id: 'fixture-twin-graph', title: 'Twin CNN (GraphModel)' });
await writeFiles('graph-twin', { 'model.json': graph.json, 'group1-shard1of1.bin': graph.weights, 'metadata.json': graphMetadata });
const single = twinGraph(twinWeights, { singleImage: true });
await writeFiles('graph-single-image', { 'model.json': single.json, 'group1-shard1of1.bin': single.weights });
const enc = new TextEncoder();
const zip = zipSync(
  { 'model.json': enc.encode(graph.json), 'group1-shard1of1.bin': graph.weights, 'metadata.json': enc.encode(metadataJson({ ...twinMetadata, id: 'fixture-twin-zip', title: 'Twin CNN (zipped GraphModel)' })) },
  { level: 6, mtime: new Date('2026-01-01T00:00:00Z') },
);
await writeFiles('graph-twin-zip', { 'model.zip': zip });

// ---- broken ---------------------------------------------------------------------------------------

const saved = await new Promise<tf.io.ModelArtifacts>((resolve) => {
  void twinModel.save(
    tf.io.withSaveHandler(async (artifacts) => {
      resolve(artifacts);
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
});
const twinBytes = new Uint8Array(saved.weightData as ArrayBuffer);
const layersJson = (paths: string[], specs = saved.weightSpecs) =>
  JSON.stringify({ format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, convertedBy: null, modelTopology: saved.modelTopology, weightsManifest: [{ paths, weights: specs }] });

await writeFiles('broken-truncated-shard', { 'model.json': layersJson(['weights.bin']), 'weights.bin': twinBytes.slice(0, twinBytes.length - 96) });
const half = Math.ceil(twinBytes.length / 2 / 4) * 4;
await writeFiles('broken-missing-shard', { 'model.json': layersJson(['group1-shard1of2.bin', 'group1-shard2of2.bin']), 'group1-shard1of2.bin': twinBytes.slice(0, half) });
await writeFiles('broken-json', { 'model.json': layersJson(['weights.bin']).slice(0, 300), 'weights.bin': twinBytes });
// The first layer's weights renamed, as when weights of another export of the model are used.
const firstLayer = (saved.weightSpecs ?? [])[0].name.split('/')[0];
const renamed = (saved.weightSpecs ?? []).map((w) => ({ ...w, name: w.name.startsWith(`${firstLayer}/`) ? w.name.replace(firstLayer, 'stem_conv') : w.name }));
await writeFiles('broken-weight-names', { 'model.json': layersJson(['weights.bin'], renamed), 'weights.bin': twinBytes });
// A Keras .h5 renamed to model.json: the HDF5 signature and superblock start, then zeros.
const hdf5 = new Uint8Array(2048);
hdf5.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00]);
await writeFiles('broken-h5', { 'model.json': hdf5 });
// The opening fields of an ONNX ModelProto: ir_version 8, producer "pytorch" 2.1, then a graph field.
const onnx = Uint8Array.from([0x08, 0x08, 0x12, 0x07, ...enc.encode('pytorch'), 0x1a, 0x03, ...enc.encode('2.1'), 0x3a, 0x04, 0x0a, 0x02, 0x08, 0x01]);
await writeFiles('broken-onnx', { 'model.onnx': onnx });
const einsum = twinGraph(twinWeights, { einsum: true });
await writeFiles('broken-unsupported-op', { 'model.json': einsum.json, 'group1-shard1of1.bin': einsum.weights });

twinModel.dispose();
console.log(`wrote ${ROOT}`);
