// Input gradients of small tfjs-layers models, wasm against cpu: the use the viewer has for
// these kernels (a Jacobian row is one such gradient).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import { registerWasmGradientKernels } from './registerWasmGradientKernels';
import type { ComparedBackend, HostTensor } from './wasmTestUtils';
import { randomHost, relativeDeviation, seededRandom, toHost, toTensor } from './wasmTestUtils';

const INPUT: [number, number, number] = [10, 10, 2];
const BATCH = 2;
const OUTPUTS = 3;
const TOLERANCE = 1e-5; // max |Δ| relative to max |gradient| on cpu

function sequential(...layers: tf.layers.Layer[]): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: INPUT }));
  for (const layer of layers) model.add(layer);
  return model;
}

// Each backend builds its own copy (layer objects cannot be shared), hence builders.
const models: { name: string; build: () => tf.LayersModel; negativeInput?: boolean }[] = [
  {
    name: 'conv2d (linear) → batchNormalization → relu',
    build: () => sequential(
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'conv2d (relu, stride 2, valid)',
    build: () => sequential(
      tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'depthwiseConv2d (multiplier 2)',
    build: () => sequential(
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'separableConv2d',
    build: () => sequential(
      tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'maxPooling2d over all-negative inputs',
    negativeInput: true,
    build: () => sequential(tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: OUTPUTS })),
  },
  {
    name: "maxPooling2d (3, stride 2, 'same') over all-negative inputs",
    negativeInput: true,
    build: () => sequential(
      tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'conv2d → batchNormalization → maxPooling2d (negative pre-activations)',
    build: () => sequential(
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'averagePooling2d',
    build: () => sequential(
      tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
  {
    name: 'dense (relu) → dense (softmax)',
    build: () => sequential(
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: OUTPUTS, activation: 'softmax' }),
    ),
  },
  {
    name: 'add (residual branches)',
    build: () => {
      const input = tf.input({ shape: INPUT });
      const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
      const b = tf.layers.conv2d({ filters: 4, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
      const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
      const relu = tf.layers.activation({ activation: 'relu' }).apply(sum) as tf.SymbolicTensor;
      const pooled = tf.layers.globalAveragePooling2d({}).apply(relu) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: OUTPUTS }).apply(pooled) as tf.SymbolicTensor });
    },
  },
  {
    name: 'concatenate',
    build: () => {
      const input = tf.input({ shape: INPUT });
      const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
      const b = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(input) as tf.SymbolicTensor;
      const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
      const flat = tf.layers.flatten().apply(joined) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: tf.layers.dense({ units: OUTPUTS }).apply(flat) as tf.SymbolicTensor });
    },
  },
  {
    name: 'globalAveragePooling2d',
    build: () => sequential(
      tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: OUTPUTS }),
    ),
  },
];

/** Random weights by shape; BN variances and scales kept near 1 so the model stays well-conditioned. */
function randomWeights(model: tf.LayersModel, seed: number): HostTensor[] {
  const rand = seededRandom(seed);
  return model.weights.map((w) => {
    const positive = /variance|gamma/.test(w.originalName);
    return randomHost(w.shape as number[], rand, positive ? 0.5 : -0.5, positive ? 1.5 : 0.5);
  });
}

async function inputGradient(backend: ComparedBackend, build: () => tf.LayersModel, weights: HostTensor[], x: HostTensor, r: HostTensor): Promise<HostTensor> {
  await tf.setBackend(backend);
  const model = build();
  model.setWeights(weights.map(toTensor));
  const g = tf.tidy(() => {
    const rT = toTensor(r);
    // One weighted sum of the outputs: a random direction through the Jacobian.
    const f = (input: tf.Tensor) => tf.sum(tf.mul(model.predict(input) as tf.Tensor, rT));
    return toHost(tf.grad(f)(toTensor(x)));
  });
  model.dispose();
  return g;
}

async function caseData(build: () => tf.LayersModel, seed: number, negativeInput: boolean) {
  await tf.setBackend('cpu');
  const shapeProbe = build();
  const weights = randomWeights(shapeProbe, seed);
  shapeProbe.dispose();
  const rand = seededRandom(seed + 1);
  const x = randomHost([BATCH, ...INPUT], rand, negativeInput ? -2 : -1, negativeInput ? -0.05 : 1);
  const r = randomHost([BATCH, OUTPUTS], rand);
  return { weights, x, r };
}

describe('input gradients of tfjs-layers models, wasm vs cpu', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it.each(models.map((m, i) => [m.name, m, i] as const))('%s', async (_name, m, i) => {
    const { weights, x, r } = await caseData(m.build, 100 + i, m.negativeInput ?? false);
    const wasm = await inputGradient('wasm', m.build, weights, x, r);
    const cpu = await inputGradient('cpu', m.build, weights, x, r);
    expect(wasm.shape).toEqual([BATCH, ...INPUT]);
    expect(cpu.values.some((v) => v !== 0)).toBe(true);
    expect(relativeDeviation(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('fails on wasm without the patched Conv2DBackpropFilter (conv → BN needs dFilter)', async () => {
    const m = models[0];
    const { weights, x, r } = await caseData(m.build, 7, false);
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    try {
      await expect(inputGradient('wasm', m.build, weights, x, r)).rejects.toThrow(/Conv2DBackpropFilter/);
    } finally {
      registerWasmGradientKernels();
    }
    await expect(inputGradient('wasm', m.build, weights, x, r)).resolves.toBeDefined();
  });
});
