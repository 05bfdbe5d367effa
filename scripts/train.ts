// npm run train -- --task <id> [--arch cnn|resnet] [--epochs E] [--train-count N] [--seed S]
// npm run train -- --all      (every demo model, then public/models/index.json)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useWasmBackendInNode } from '../src/engine/wasm/nodeWasmSetup';
import type { ArchitectureId } from './training/architectures';
import { DEMO_PLANS, HELD_OUT_COUNT, HELD_OUT_SEED, TRAINING_SEED } from './training/demoPlans';
import { trainTask } from './training/trainTask';

const { values } = parseArgs({
  options: {
    task: { type: 'string' },
    arch: { type: 'string', default: 'cnn' },
    epochs: { type: 'string' },
    'train-count': { type: 'string' },
    seed: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string', default: join('public', 'models') },
  },
});

tf.env().set('PROD', true);
await useWasmBackendInNode();
const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const common = { seed: Number(values.seed ?? TRAINING_SEED), heldOutCount: HELD_OUT_COUNT, heldOutSeed: HELD_OUT_SEED, learningRate: 1e-3, batchSize: 32, outDir: values.out! };

if (values.all) {
  for (const plan of DEMO_PLANS) await trainTask({ ...common, ...plan }, log);
} else {
  if (!values.task) throw new Error('give --task <id> or --all');
  if (values.arch !== 'cnn' && values.arch !== 'resnet') throw new Error('--arch is cnn or resnet');
  const arch = values.arch as ArchitectureId;
  const preset = DEMO_PLANS.find((p) => p.taskId === values.task && p.arch === arch) ?? { trainCount: 2000, epochs: 4 };
  await trainTask(
    {
      ...common,
      taskId: values.task,
      arch,
      trainCount: Number(values['train-count'] ?? preset.trainCount),
      epochs: Number(values.epochs ?? preset.epochs),
    },
    log,
  );
}
await writeModelIndex(values.out!);

/** public/models/index.json: every model folder's metadata, for the app's model picker. */
async function writeModelIndex(dir: string): Promise<void> {
  const entries = [];
  for (const name of (await readdir(dir)).sort()) {
    try {
      const m = JSON.parse(await readFile(join(dir, name, 'metadata.json'), 'utf8'));
      if (name.startsWith('dev-')) continue;
      entries.push({ id: m.id, title: m.title, task: m.task?.id ?? null, architecture: m.architecture ?? null, head: m.head, classes: m.classes, input: m.input, accuracy: m.metrics?.accuracy ?? null, path: `models/${name}/model.json` });
    } catch {
      // not a model folder
    }
  }
  await writeFile(join(dir, 'index.json'), JSON.stringify(entries, null, 2) + '\n');
  log(`wrote ${join(dir, 'index.json')} (${entries.length} models)`);
}
