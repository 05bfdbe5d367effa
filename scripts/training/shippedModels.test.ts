import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelMetadata } from '../../src/core';
import { classifierFromArtifacts } from '../../src/engine/classifier';
import { readModelArtifacts } from '../../src/engine/node/modelFiles';
import { useWasmBackendInNode } from '../../src/engine/wasm/nodeWasmSetup';
import { projectRoot } from '../../src/cli/projectPaths';
import { DEMO_PLANS, HELD_OUT_SEED, TRAINING_SEED } from './demoPlans';
import { evaluateOnTask } from './evaluateOnTask';
import { modelIdFor } from './trainTask';

/**
 * The shipped weights, not a fresh training run: each bundled demo model, on freshly generated
 * images from a seed used neither in training nor in the recorded held-out evaluation, still reaches
 * the accuracy its metadata records, within a binomial tolerance.
 */
const CHECK_SEED = 31337;
const CHECK_COUNT = 300;
const modelsDir = join(projectRoot, 'public', 'models');

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useWasmBackendInNode();
});

describe('shipped demo models', () => {
  it('every demo plan has a shipped model, and nothing else is shipped', async () => {
    const folders = (await readdir(modelsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('dev-')).map((d) => d.name);
    expect(folders.sort()).toEqual(DEMO_PLANS.map((p) => modelIdFor(p.taskId, p.arch)).sort());
  });

  it('all shipped weights together stay under 10 MB', async () => {
    let bytes = 0;
    for (const plan of DEMO_PLANS) {
      const dir = join(modelsDir, modelIdFor(plan.taskId, plan.arch));
      for (const file of await readdir(dir)) if (file.endsWith('.bin')) bytes += (await readFile(join(dir, file))).byteLength;
    }
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it.each(DEMO_PLANS.map((p) => [modelIdFor(p.taskId, p.arch), p.taskId] as const))('%s reaches its recorded accuracy on fresh images', async (id, taskId) => {
    const dir = join(modelsDir, id);
    const metadata = parseModelMetadata(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')), `${id}/metadata.json`);
    expect(metadata.training?.seed).toBe(TRAINING_SEED);
    expect(metadata.metrics?.heldOutSeed).toBe(HELD_OUT_SEED);
    expect(metadata.metrics?.heldOutCount).toBeGreaterThanOrEqual(1000);
    const recorded = metadata.metrics!.accuracy!;
    const classifier = await classifierFromArtifacts(await readModelArtifacts(join(dir, 'model.json')), metadata, id);
    const metrics = await evaluateOnTask(classifier, metadata, taskId, CHECK_SEED, CHECK_COUNT);
    classifier.dispose();
    // Sigmoid accuracy averages C decisions per image, so its spread is smaller; use the image count anyway (conservative).
    const tolerance = 3 * Math.sqrt((recorded * (1 - recorded)) / CHECK_COUNT) + 0.02;
    expect(metrics.accuracy, `${id}: recorded ${recorded}, now ${metrics.accuracy}`).toBeGreaterThanOrEqual(recorded - tolerance);
    for (const [name, auc] of Object.entries(metrics.auc)) expect(auc, `${id} AUC ${name}`).toBeGreaterThan(0.5);
  });
});
