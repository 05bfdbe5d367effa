import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierFromArtifacts, layersModelOf } from '../classifier';
import { modelArtifacts } from '../testing/smallModels';
import { seededRandom } from '../wasm/wasmTestUtils';
import { registerKerasCompatLayers } from './kerasLayers';

/**
 * The Keras-compatibility rewrites of the layers loader, each against the function Keras defines
 * (closed forms) and against what plain TF.js does with the same file.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const json = (topology: unknown) => ({ modelTopology: topology }) as never;

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A Functional topology: input (4×4×2) → the given layer configs in a chain → flatten → dense. */
function chain(layers: Array<{ class_name: string; config: Record<string, unknown> }>, kerasVersion = '2.15.0'): unknown {
  const all = [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 4, 2], dtype: 'float32', name: 'input_1' }, name: 'input_1', inbound_nodes: [] }];
  let previous = 'input_1';
  for (const layer of layers) {
    const name = String(layer.config.name);
    all.push({ ...layer, name, inbound_nodes: [[[previous, 0, 0, {}]]] } as never);
    previous = name;
  }
  return { class_name: 'Functional', config: { name: 'm', layers: all, input_layers: [['input_1', 0, 0]], output_layers: [[previous, 0, 0]] }, keras_version: kerasVersion, backend: 'tensorflow' };
}

describe('before the engine registers its Keras layers, plain TF.js refuses them', () => {
  // Runs first in this file (vitest runs a file's tests in order, one process per file).
  it.each(['Normalization', 'LayerScale', 'TFOpLambda', 'CustomScaleLayer'])('%s', async (className) => {
    const topology = chain([{ class_name: className, config: { name: 'x', axis: -1, init_values: 1, projection_dim: 2, function: 'math.multiply', scale: 1 } }]);
    await expect(tf.models.modelFromJSON(json(topology))).rejects.toThrow(new RegExp(`Unknown layer: ${className}`));
  });

  it('hard_swish is an unknown activation, and TF.js hard_sigmoid is Keras 2’s clip(0.2x + 0.5)', async () => {
    await expect(tf.models.modelFromJSON(json(chain([{ class_name: 'Activation', config: { name: 'a', activation: 'hard_swish' } }])))).rejects.toThrow(/Unknown activation/);
    const y = await values(tf.tidy(() => tf.layers.activation({ activation: 'hardSigmoid' }).apply(tf.tensor1d([-1, 1])) as tf.Tensor));
    expect(Array.from(y)).toEqual([Math.fround(0.3), Math.fround(0.7)]);
  });
});

describe('the rewritten and registered layers compute what Keras computes', () => {
  beforeAll(() => registerKerasCompatLayers());
  const rand = seededRandom(5);
  const x = Float32Array.from({ length: 32 }, () => rand(-4, 4));

  /** Loads `layers` (as JSON) through the engine and returns its logits and the exact function on x. */
  async function throughEngine(layers: Parameters<typeof chain>[0], kerasVersion?: string, weights: Record<string, tf.Tensor> = {}, size = 32): Promise<{ out: Float32Array }> {
    // Dense head with identity weights, so the model's output is flatten(f(x)) exactly.
    const topology = chain([...layers, { class_name: 'Flatten', config: { name: 'flat' } }, { class_name: 'Dense', config: { name: 'dense', units: size, use_bias: false, activation: 'linear' } }], kerasVersion) as never;
    const eye = tf.eye(size);
    const specsAndData = await tf.io.encodeWeights({ ...weights, 'dense/kernel': eye });
    eye.dispose();
    const classifier = await classifierFromArtifacts({ modelTopology: topology, weightSpecs: specsAndData.specs, weightData: specsAndData.data }, null, 'compat', { source: 'compat/model.json' });
    // The model's own output (not logits: values in [0, 1] are taken for probabilities).
    const out = await values(tf.tidy(() => layersModelOf(classifier).predict(tf.tensor4d(x, [1, 4, 4, 2])) as tf.Tensor));
    classifier.dispose();
    return { out };
  }

  it('Keras 3 hard_sigmoid is relu6(x + 3)/6, hard_swish x·relu6(x + 3)/6', async () => {
    const hs = await throughEngine([{ class_name: 'Activation', config: { name: 'a', activation: 'hard_sigmoid' } }], '3.3.3');
    const sw = await throughEngine([{ class_name: 'Activation', config: { name: 'a', activation: 'hard_swish' } }], '3.3.3');
    const k2 = await throughEngine([{ class_name: 'Activation', config: { name: 'a', activation: 'hard_sigmoid' } }], '2.15.0');
    const relu6 = (v: number) => Math.min(6, Math.max(0, v));
    expect(maxAbsDiff(hs.out, Array.from(x, (v) => relu6(v + 3) / 6))).toBeLessThan(1e-6);
    expect(maxAbsDiff(sw.out, Array.from(x, (v) => (v * relu6(v + 3)) / 6))).toBeLessThan(1e-6);
    expect(maxAbsDiff(k2.out, Array.from(x, (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5))))).toBeLessThan(1e-6);
  });

  it('Normalization from adapted weights (Keras 2’s count dropped) and from its config; invert', async () => {
    const mean = tf.tensor1d([0.5, -1]);
    const variance = tf.tensor1d([4, 0.25]);
    const count = tf.scalar(100, 'int32');
    const adapted = await throughEngine([{ class_name: 'Normalization', config: { name: 'normalization', axis: -1, mean: null, variance: null, invert: false } }], undefined, {
      'normalization/mean': mean,
      'normalization/variance': variance,
      'normalization/count': count,
    });
    const config = await throughEngine([{ class_name: 'Normalization', config: { name: 'normalization', axis: [-1], mean: [0.5, -1], variance: [4, 0.25], invert: false } }]);
    const inverted = await throughEngine([{ class_name: 'Normalization', config: { name: 'normalization', axis: -1, mean: [0.5, -1], variance: [4, 0.25], invert: true } }]);
    tf.dispose([mean, variance, count]);
    const m = [0.5, -1];
    const s = [2, 0.5];
    expect(maxAbsDiff(adapted.out, Array.from(x, (v, i) => (v - m[i % 2]) / s[i % 2]))).toBeLessThan(1e-6);
    expect(maxAbsDiff(config.out, adapted.out)).toBeLessThan(1e-6);
    expect(maxAbsDiff(inverted.out, Array.from(x, (v, i) => m[i % 2] + v * s[i % 2]))).toBeLessThan(1e-6);
  });

  it('LayerScale takes its weight whatever Keras named it (Keras 2: a bare tf.Variable)', async () => {
    const gamma = tf.tensor1d([3, -0.5]);
    const { out } = await throughEngine([{ class_name: 'LayerScale', config: { name: 'ls', init_values: 1e-6, projection_dim: 2 } }], undefined, { 'ls/Variable': gamma });
    gamma.dispose();
    expect(maxAbsDiff(out, Array.from(x, (v, i) => v * [3, -0.5][i % 2]))).toBeLessThan(1e-6);
  });

  it('TFOpLambda with a constant operand, as Keras 2 writes tf.__operators__.add and tf.math.multiply', async () => {
    const topology = chain([
      { class_name: 'TFOpLambda', config: { name: 'tf.__operators__.add', trainable: true, dtype: 'float32', function: '__operators__.add' } },
      { class_name: 'TFOpLambda', config: { name: 'tf.math.multiply', trainable: true, dtype: 'float32', function: 'math.multiply' } },
    ]) as { config: { layers: Array<{ inbound_nodes: unknown[][][] }> } };
    topology.config.layers[1].inbound_nodes[0][0][3] = { y: 3.0, name: null };
    topology.config.layers[2].inbound_nodes[0][0][3] = { y: 1 / 6, name: null };
    const model = await tf.models.modelFromJSON(json(topology));
    const out = await values(model.predict(tf.tensor4d(x, [1, 4, 4, 2])) as tf.Tensor);
    model.dispose();
    expect(maxAbsDiff(out, Array.from(x, (v) => (v + 3) / 6))).toBeLessThan(1e-6);
  });

  it('a TFOpLambda TF.js cannot run is refused by name, in one line naming the file', async () => {
    const topology = chain([{ class_name: 'TFOpLambda', config: { name: 'tf.nn.softplus', function: 'nn.softplus' } }]);
    await expect(tf.models.modelFromJSON(json(topology))).rejects.toThrow(/TFOpLambda\(tf\.nn\.softplus\)/);
    const refusal = classifierFromArtifacts({ modelTopology: topology as never }, null, 'lambda', { source: 'lambda/model.json' });
    await expect(refusal).rejects.toThrow(/^lambda\/model\.json: the model applies a TensorFlow function, TFOpLambda\(tf\.nn\.softplus\), inside Keras; of TensorFlow functions inside a Keras model, TF\.js can only run tf\.__operators__\.add, .* with a constant$/);
  });

  it('global pooling with keepdims keeps the spatial axes', async () => {
    const topology = chain([{ class_name: 'GlobalAveragePooling2D', config: { name: 'gap', keepdims: true, data_format: 'channels_last' } }]);
    // Plain TF.js ignores keepdims: (1, 2), not (1, 1, 1, 2).
    const plain = await tf.models.modelFromJSON(json(topology));
    expect(plain.outputs[0].shape).toEqual([null, 2]);
    plain.dispose();
    const { out } = await throughEngine([{ class_name: 'GlobalAveragePooling2D', config: { name: 'gap', keepdims: true, data_format: 'channels_last' } }, { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: [1, 1], use_bias: false } }].slice(0, 1), undefined, {}, 2);
    const mean = [0, 1].map((c) => Array.from(x).filter((_, i) => i % 2 === c).reduce((a, v) => a + v, 0) / 16);
    expect(maxAbsDiff(out, mean)).toBeLessThan(1e-6);
  });
});

describe('BatchNormalization with scale=false (Keras InceptionV3)', () => {
  function scaleFreeModel(center: boolean): tf.LayersModel {
    return tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, useBias: false, kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
        tf.layers.batchNormalization({
          scale: false,
          center,
          betaInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 2 }),
          movingMeanInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 3 }),
          movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.3, maxval: 2, seed: 4 }),
        }),
        tf.layers.activation({ activation: 'tanh' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }) }),
      ],
    });
  }

  it.each([true, false])('plain TF.js predicts but cannot differentiate it (center %s)', async (center) => {
    const model = scaleFreeModel(center);
    const x = tf.randomNormal([1, 6, 6, 2], 0, 1, 'float32', 9);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 3]);
    y.dispose();
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(model.apply(t, { training: false }) as tf.Tensor))(x)).toThrow(/Cannot read properties of undefined \(reading '(map|id|dataId)'\)/);
    x.dispose();
    model.dispose();
  });

  it.each([
    ['TF.js / Keras 2 weight names', true, false],
    ['without center', false, false],
    ['Keras 3 weight names (layer/index)', true, true],
    ['Keras 3 weight names, without center', false, true],
  ])('loads with a unit scale (%s): same predictions, and the input gradient agrees with finite differences', async (_, center, byIndex) => {
    const model = scaleFreeModel(center);
    const artifacts = await modelArtifacts(model);
    if (byIndex) {
      // Keras 3 names weights by layer and position: conv/0, batch_normalization/0 (beta), …
      const perLayer = new Map<string, number>();
      artifacts.weightSpecs = artifacts.weightSpecs!.map((spec) => {
        const layer = spec.name.split('/')[0];
        const index = perLayer.get(layer) ?? 0;
        perLayer.set(layer, index + 1);
        return { ...spec, name: `${layer}/${index}` };
      });
    }
    const before = tf.memory().numTensors;
    const classifier = await classifierFromArtifacts(artifacts, null, 'bn', { source: 'bn/model.json' });
    const n = 72;
    const rand = seededRandom(11);
    const image = Float32Array.from({ length: n }, () => rand(-1, 1));
    const x = tf.tensor4d(image, [1, 6, 6, 2]);
    const ours = await values(tf.tidy(() => tf.softmax(classifier.logits(x))));
    const plain = await values(model.predict(x) as tf.Tensor);
    expect(maxAbsDiff(ours, plain)).toBeLessThan(1e-6);
    const g = await values(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(classifier.logits(t as tf.Tensor4D), tf.tensor2d([[1, -2, 0.5]]))))(x));
    const f = async (v: Float32Array) => {
      const z = await values(tf.tidy(() => classifier.logits(tf.tensor4d(v, [1, 6, 6, 2]))));
      return z[0] - 2 * z[1] + 0.5 * z[2];
    };
    let error = 0;
    let scale = 0;
    for (const i of [0, 17, 40, 71]) {
      const plus = Float32Array.from(image);
      const minus = Float32Array.from(image);
      plus[i] += 1e-2;
      minus[i] -= 1e-2;
      const fd = ((await f(plus)) - (await f(minus))) / (plus[i] - minus[i]);
      error = Math.max(error, Math.abs(fd - g[i]));
      scale = Math.max(scale, Math.abs(g[i]));
    }
    expect(scale).toBeGreaterThan(1e-2);
    expect(error / scale).toBeLessThan(2e-3);
    x.dispose();
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
