// Time of one training step (trainOnBatch) of a small CNN on the patched wasm backend vs cpu.
//   npx tsx bench/wasmTraining.ts [--steps=10] [--cpu-steps=2] [--backends=wasm,cpu] [--profile]
// Model: batch 32 of 64×64×1, three blocks conv3×3 (16, 32, 32 filters, no bias) → BN → ReLU →
// maxPool 2, then global average pooling and a 4-way softmax, trained with Adam.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackendInNode } from '../src/engine/wasm/nodeWasmSetup';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const steps = Number(args.get('steps') ?? 10);
const cpuSteps = Number(args.get('cpu-steps') ?? 2); // cpu takes about a minute per step
const backends = (args.get('backends') ?? 'wasm,cpu').split(',');

function buildModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [64, 64, 1] }));
  for (const filters of [16, 32, 32]) {
    model.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function profileStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<void> {
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 10);
  for (const [name, ms] of top) console.log(`    ${name.padEnd(28)} ${ms.toFixed(1)} ms`);
}

await useWasmBackendInNode();
for (const backend of backends) {
  await tf.setBackend(backend);
  const model = buildModel();
  const x = tf.randomUniform([32, 64, 64, 1], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 4), 'int32'), 4);
  await model.trainOnBatch(x, y); // warm-up: kernel setup, weight init, optimizer slots
  const times: number[] = [];
  for (let i = 0; i < (backend === 'cpu' ? cpuSteps : steps); i++) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    times.push(performance.now() - t0);
  }
  console.log(`${backend}: median ${median(times).toFixed(0)} ms/step over ${times.length} steps (min ${Math.min(...times).toFixed(0)})`);
  if (args.has('profile')) await profileStep(model, x, y);
  tf.dispose([x, y]);
  model.dispose();
}
