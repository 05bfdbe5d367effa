// One optimizer step on wasm must land on the same weights as on cpu: this is where the
// filter gradients (which input gradients never look at) get checked end to end.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackendInNode } from './nodeWasmSetup';
import type { ComparedBackend, HostTensor } from './wasmTestUtils';
import { maxAbsDiff, randomHost, seededRandom, toHost, toTensor } from './wasmTestUtils';

const INPUT: [number, number, number] = [12, 12, 1];
const CLASSES = 4;
const BATCH = 8;

function buildModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: INPUT }));
  for (const filters of [6, 8]) {
    model.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  return model;
}

interface Start {
  weights: HostTensor[];
  x: HostTensor;
  y: HostTensor;
}

async function startingPoint(): Promise<Start> {
  await tf.setBackend('cpu');
  const model = buildModel();
  const weights = model.getWeights().map(toHost);
  model.dispose();
  const rand = seededRandom(42);
  const labels = Array.from({ length: BATCH }, (_, i) => i % CLASSES);
  const y: HostTensor = { values: labels.flatMap((l) => Array.from({ length: CLASSES }, (_, c) => (c === l ? 1 : 0))), shape: [BATCH, CLASSES] };
  return { weights, x: randomHost([BATCH, ...INPUT], rand, 0, 1), y };
}

async function afterOneStep(backend: ComparedBackend, start: Start): Promise<{ weights: HostTensor[]; names: string[] }> {
  await tf.setBackend(backend);
  const model = buildModel();
  model.setWeights(start.weights.map(toTensor));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  const [x, y] = [toTensor(start.x), toTensor(start.y)];
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const result = { weights: model.getWeights().map(toHost), names: model.weights.map((w) => w.name) };
  tf.dispose([x, y]);
  model.dispose();
  return result;
}

describe('one training step, wasm vs cpu', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });

  it('gives the same weights within 1e-4', async () => {
    const start = await startingPoint();
    const wasm = await afterOneStep('wasm', start);
    const cpu = await afterOneStep('cpu', start);
    // Layer names carry a global counter, so compare them without it.
    expect(wasm.names.map((n) => n.replace(/\d+/g, ''))).toEqual(cpu.names.map((n) => n.replace(/\d+/g, '')));
    cpu.weights.forEach((w, i) => {
      const name = cpu.names[i];
      expect(maxAbsDiff(wasm.weights[i].values, w.values), name).toBeLessThanOrEqual(1e-4);
    });
    // Not vacuous: every trainable kernel moved by much more than the tolerance.
    cpu.names.forEach((name, i) => {
      if (/kernel/.test(name)) expect(maxAbsDiff(cpu.weights[i].values, start.weights[i].values), name).toBeGreaterThan(1e-3);
    });
  });
});
