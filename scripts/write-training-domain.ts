// npx tsx scripts/write-training-domain.ts [--model <id>] [--count N] [--lambda1-count M]
//
// Writes `trainingDomain` (docs/metadata.md, "Training domain") into each shipped demo model's
// metadata.json, from the first images of its own training set (the task generator with the
// training seed and stored precision of scripts/training/trainTask.ts). Run once; the output is
// committed. New models get the block from the training script itself.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { parseModelMetadata } from '../src/core';
import { projectRoot } from '../src/cli/projectPaths';
import { classifierFromArtifacts } from '../src/engine/classifier';
import { readModelArtifacts } from '../src/engine/node/modelFiles';
import { useWasmBackendInNode } from '../src/engine/wasm/nodeWasmSetup';
import { getTask } from '../src/tasks';
import { DEMO_PLANS, TRAINING_SEED } from './training/demoPlans';
import { DOMAIN_LAMBDA1_COUNT, DOMAIN_SAMPLE_COUNT, trainingDomainFor } from './training/trainingDomain';
import { modelIdFor } from './training/trainTask';

const { values } = parseArgs({ options: { model: { type: 'string' }, count: { type: 'string' }, 'lambda1-count': { type: 'string' } } });
tf.env().set('PROD', true);
await useWasmBackendInNode();
const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

for (const plan of DEMO_PLANS) {
  const id = modelIdFor(plan.taskId, plan.arch);
  if (values.model && values.model !== id) continue;
  const dir = join(projectRoot, 'public', 'models', id);
  const file = join(dir, 'metadata.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const metadata = parseModelMetadata(json, `${id}/metadata.json`);
  const seed = metadata.training?.seed ?? TRAINING_SEED;
  const classifier = await classifierFromArtifacts(await readModelArtifacts(join(dir, 'model.json')), metadata, id);
  const started = performance.now();
  try {
    const trainingDomain = await trainingDomainFor(classifier, metadata, getTask(plan.taskId).id, seed, {
      count: Number(values.count ?? DOMAIN_SAMPLE_COUNT),
      lambda1Count: Number(values['lambda1-count'] ?? DOMAIN_LAMBDA1_COUNT),
      log,
    });
    // Only the new block changes: every other field keeps its value and place.
    const next = { ...json, trainingDomain };
    parseModelMetadata(next, `${id}/metadata.json`);
    await writeFile(file, JSON.stringify(next, null, 2) + '\n');
    const t = trainingDomain.thresholds;
    log(`${id}: wrote trainingDomain (${((performance.now() - started) / 1000).toFixed(0)} s): W1 ≤ ${t.intensityDistance}, roughness ${t.roughness.join('–')}, entropy ≤ ${t.entropy}, λ₁ ${trainingDomain.perImage.lambda1?.join(' ')}`);
  } finally {
    classifier.dispose();
  }
}
