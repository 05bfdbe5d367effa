import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelMetadata } from '../../src/core';
import { parseModelMetadata } from '../../src/core';
import { seededRng } from '../../src/core/perturbation/seededRng';
import { classifierFromArtifacts } from '../../src/engine/classifier';
import { readModelArtifacts, saveLayersModel } from '../../src/engine/node/modelFiles';
import { generateDataset, getTask } from '../../src/tasks';
import type { ArchitectureId } from './architectures';
import { buildArchitecture } from './architectures';
import { evaluateOnTask } from './evaluateOnTask';
import { trainingDomainFor } from './trainingDomain';
import { channelStatistics, normalizeInPlace, quantizeInPlace } from '../../src/tasks/storedPrecision';

export interface TrainingPlan {
  readonly taskId: string;
  readonly arch: ArchitectureId;
  readonly trainCount: number;
  readonly epochs: number;
  readonly seed: number;
  readonly heldOutCount: number;
  readonly heldOutSeed: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly outDir: string;
}

export function modelIdFor(taskId: string, arch: ArchitectureId): string {
  return `${taskId}-${arch}`;
}

/** Seeded Fisher–Yates permutation, so that training is repeatable. */
function permutation(n: number, seed: number): Int32Array {
  const { uniform } = seededRng(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Generates the data, trains, evaluates on fresh held-out images and writes the model folder. */
export async function trainTask(plan: TrainingPlan, log: (line: string) => void): Promise<ModelMetadata> {
  const task = getTask(plan.taskId);
  const id = modelIdFor(plan.taskId, plan.arch);
  const started = performance.now();
  const data = generateDataset(plan.taskId, plan.seed, plan.trainCount);
  quantizeInPlace(data.images, data.channels);
  const { mean, std } = channelStatistics(data.images, data.channels);
  normalizeInPlace(data.images, mean, std);
  log(`${id}: generated ${plan.trainCount} training images (${((performance.now() - started) / 1000).toFixed(1)} s); mean ${mean} std ${std}`);

  const shape: [number, number, number] = [data.height, data.width, data.channels];
  const c = task.classes.length;
  const model = buildArchitecture(plan.arch, { inputShape: shape, classes: c, head: task.head, seed: plan.seed });
  model.compile({
    optimizer: tf.train.adam(plan.learningRate),
    loss: task.head === 'softmax' ? 'categoricalCrossentropy' : 'binaryCrossentropy',
    metrics: task.head === 'softmax' ? ['accuracy'] : ['binaryAccuracy'],
  });
  const perImage = shape[0] * shape[1] * shape[2];
  for (let epoch = 0; epoch < plan.epochs; epoch++) {
    const epochStart = performance.now();
    const order = permutation(plan.trainCount, plan.seed * 7919 + epoch);
    const xs = new Float32Array(plan.trainCount * perImage);
    const ys = new Float32Array(plan.trainCount * c);
    order.forEach((src, dst) => {
      xs.set(data.images.subarray(src * perImage, (src + 1) * perImage), dst * perImage);
      ys.set(data.targets.subarray(src * c, (src + 1) * c), dst * c);
    });
    const xt = tf.tensor4d(xs, [plan.trainCount, ...shape]);
    const yt = tf.tensor2d(ys, [plan.trainCount, c]);
    const history = await model.fit(xt, yt, { epochs: 1, batchSize: plan.batchSize, shuffle: false, verbose: 0 });
    tf.dispose([xt, yt]);
    const loss = history.history.loss[0] as number;
    const metric = Object.entries(history.history).find(([k]) => k !== 'loss');
    log(`${id}: epoch ${epoch + 1}/${plan.epochs} loss ${loss.toFixed(4)} ${metric?.[0]} ${(metric?.[1][0] as number).toFixed(4)} (${((performance.now() - epochStart) / 1000).toFixed(1)} s)`);
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  const dir = join(plan.outDir, id);
  await mkdir(dir, { recursive: true });
  await saveLayersModel(model, dir);
  model.dispose();

  const draft = parseModelMetadata({
    formatVersion: 1,
    id,
    title: `${task.title} — ${plan.arch === 'cnn' ? 'plain CNN' : 'small ResNet'}`,
    description: task.description,
    task: { id: task.id, description: task.description },
    architecture: plan.arch === 'cnn' ? 'plain CNN (3 conv–pool blocks, dense 64, dropout)' : 'small ResNet (stem + 3 residual blocks with batch normalisation)',
    classes: [...task.classes],
    head: task.head,
    input: { height: shape[0], width: shape[1], channels: shape[2] },
    preprocessing: { intensity: 'unit', mean, std, resize: 'bilinear' },
    training: {
      seed: plan.seed,
      trainCount: plan.trainCount,
      epochs: plan.epochs,
      seconds: Number(trainingSeconds.toFixed(1)),
      dataParameters: { generator: task.id, learningRate: plan.learningRate, batchSize: plan.batchSize, optimizer: 'adam', parameters: task.parameters },
    },
  });
  // Evaluate the saved files, loaded back through the same path the app and CLI use.
  const classifier = await classifierFromArtifacts(await readModelArtifacts(join(dir, 'model.json')), draft, id);
  const metrics = await evaluateOnTask(classifier, draft, plan.taskId, plan.heldOutSeed, plan.heldOutCount);
  const trainingDomain = await trainingDomainFor(classifier, draft, task.id, plan.seed, { log });
  classifier.dispose();
  const metadata: ModelMetadata = { ...draft, metrics, trainingDomain };
  await writeFile(join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2) + '\n');
  log(`${id}: held-out accuracy ${metrics.accuracy.toFixed(4)} AUC ${Object.entries(metrics.auc).map(([k, v]) => `${k}=${v.toFixed(3)}`).join(' ')}; trained in ${trainingSeconds.toFixed(0)} s`);
  return metadata;
}
