import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierFromArtifacts } from './classifier';
import { rewriteTopologyToLogits } from './outputActivation';
import { modelArtifacts } from './testing/smallModels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = tf.tensor4d([0.3, -1.2, 2.0], [1, 1, 1, 3]);

/** Image-shaped input (1×1×3) flattened, since classifiers take (batch, height, width, channels). */
const flatten = () => tf.layers.flatten({ inputShape: [1, 1, 3] });

async function logitsAndProbabilities(model: tf.LayersModel) {
  const artifacts = await modelArtifacts(model);
  const probabilities = (model.predict(x) as tf.Tensor).arraySync() as number[][];
  const classifier = await classifierFromArtifacts(artifacts, null, 'test');
  const logits = tf.tidy(() => classifier.logits(x).arraySync());
  return { classifier, logits: logits[0], probabilities: probabilities[0] };
}

describe('removing a trailing softmax or sigmoid', () => {
  it('Dense(activation=softmax) → linear: softmax(logits) reproduces the original output', async () => {
    const model = tf.sequential({ layers: [flatten(), tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) })] });
    const { classifier, logits, probabilities } = await logitsAndProbabilities(model);
    expect(classifier.info.removedActivation).toBe('softmax');
    expect(classifier.info.head).toBe('softmax');
    expect(classifier.info.logitSource).toBe('model-logits');
    const max = Math.max(...logits);
    const z = logits.reduce((s, l) => s + Math.exp(l - max), 0);
    logits.forEach((l, i) => expect(Math.exp(l - max) / z).toBeCloseTo(probabilities[i], 6));
    // Softmax logits are defined up to a constant; these must not be probabilities themselves.
    expect(logits.some((l) => l < 0 || l > 1)).toBe(true);
  });

  it('a separate Activation(sigmoid) layer in a functional model is cut off', async () => {
    const input = tf.input({ shape: [1, 1, 3] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }).apply(flat) as tf.SymbolicTensor;
    const out = tf.layers.activation({ activation: 'sigmoid' }).apply(dense) as tf.SymbolicTensor;
    const { classifier, logits, probabilities } = await logitsAndProbabilities(tf.model({ inputs: input, outputs: out }));
    expect(classifier.info.removedActivation).toBe('sigmoid');
    expect(classifier.info.head).toBe('sigmoid');
    logits.forEach((l, i) => expect(1 / (1 + Math.exp(-l))).toBeCloseTo(probabilities[i], 6));
  });

  it('a Softmax layer at the end of a Sequential model is removed', async () => {
    const model = tf.sequential({ layers: [flatten(), tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }), tf.layers.softmax()] });
    const { classifier } = await logitsAndProbabilities(model);
    expect(classifier.info.removedActivation).toBe('softmax');
  });

  it('falls back to log-probabilities, with a notice, when the softmax cannot be removed', async () => {
    // The softmax sits before a Reshape, so the output layer itself has no activation to remove.
    const model = tf.sequential({
      layers: [flatten(), tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }), tf.layers.reshape({ targetShape: [3] })],
    });
    const { classifier, logits, probabilities } = await logitsAndProbabilities(model);
    expect(classifier.info.removedActivation).toBeNull();
    expect(classifier.info.logitSource).toBe('log-probabilities');
    expect(classifier.info.notice).toMatch(/log-probabilities/);
    logits.forEach((l, i) => expect(l).toBeCloseTo(Math.log(probabilities[i]), 5));
  });

  it('leaves a model without a final activation alone and does not mutate its input', () => {
    const topology = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, activation: 'linear' } }] } };
    const before = JSON.stringify(topology);
    expect(rewriteTopologyToLogits(topology).removed).toBeNull();
    const withSoftmax = { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, activation: 'softmax' } }] } };
    const rewritten = rewriteTopologyToLogits(withSoftmax);
    expect(rewritten.removed).toBe('softmax');
    expect(withSoftmax.config.layers[0].config.activation).toBe('softmax');
    expect(JSON.stringify(topology)).toBe(before);
  });

  it('refuses models with several outputs', () => {
    const topology = { class_name: 'Functional', config: { layers: [], output_layers: [['a', 0, 0], ['b', 0, 0]] } };
    expect(() => rewriteTopologyToLogits({ ...topology, config: { ...topology.config, layers: [{ class_name: 'Dense', config: { name: 'a' } }] } })).toThrow(/2 outputs/);
  });
});
