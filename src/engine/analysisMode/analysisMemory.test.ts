import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../classifier';
import { classifierFromArtifacts } from '../classifier';
import { assertJacobianFits, JacobianMemoryError, jacobianMemoryEstimate } from '../jacobianMemory';
import { classesPerChunkForBudget, logitJacobianBatched } from '../logitJacobian';
import { modelArtifacts, testImage } from '../testing/smallModels';
import { analysisProgramOf } from './analysisJacobian';
import { analysisMemory } from './analysisMemory';
import type { AnalysisProgram } from './stepPlan';
import { buildAnalysisTestModel } from './testing/analysisTestModels';

/**
 * The analysis-mode memory estimate (structure, not time): it bounds what the engine actually
 * allocates, the chunking it implies respects the budget and the per-buffer limit, and an analysis
 * that cannot fit is refused with the estimate in the message.
 */
const SHAPE: [number, number, number] = [16, 16, 3];
const CLASSES = 12;
let classifier: Classifier;
let program: AnalysisProgram;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = buildAnalysisTestModel('dense-like', SHAPE, CLASSES, 'sigmoid', 3);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  classifier = await classifierFromArtifacts(artifacts, null, 'dense-like');
  program = analysisProgramOf(classifier) as AnalysisProgram;
});

async function measuredPeak(rowsPerChunk: number): Promise<number> {
  const x = tf.tensor4d(testImage(SHAPE[0] * SHAPE[1] * SHAPE[2], 2), [1, ...SHAPE]);
  const start = tf.memory().numBytes;
  const profile = await tf.profile(async () => {
    const j = logitJacobianBatched(classifier, x, rowsPerChunk);
    await j.data();
    j.dispose();
  });
  x.dispose();
  return profile.peakBytes - start;
}

describe('analysis-mode memory estimate', () => {
  it('groups the model into steps with BN folded into convs and the max pool as its own step', () => {
    const kinds = program.steps.map((s) => s.kind);
    expect(kinds).toContain('maxPool');
    expect(kinds).toContain('concatenate');
    expect(program.steps.filter((s) => s.kind === 'conv' && s.foldedBatchNorm)).toHaveLength(3);
    // The stem's ZeroPadding2D became the conv's own padding.
    expect(program.steps[0]).toMatchObject({ kind: 'conv', explicitPadding: [[2, 2], [2, 2]] });
    expect(kinds).not.toContain('generic');
  });

  it('bounds the measured peak from above, within a small factor, for whole and chunked runs', async () => {
    const memory = analysisMemory(program);
    for (const rows of [CLASSES, 4, 1]) {
      const estimate = jacobianMemoryEstimate(classifier, CLASSES, memory.fixedBytes + rows * memory.bytesPerRow + 1);
      expect(estimate.classesPerChunk).toBe(rows);
      expect(estimate.chunks).toBe(Math.ceil(CLASSES / rows));
      const peak = await measuredPeak(rows);
      expect(peak).toBeLessThanOrEqual(estimate.totalBytes);
      expect(estimate.totalBytes).toBeLessThan(4 * peak);
    }
  });

  it('keeps every chunk within the per-buffer limit, and the smaller chunks cost less memory', async () => {
    const memory = analysisMemory(program);
    const limit = 3 * memory.largestTensorBytesPerRow + 1;
    const estimate = jacobianMemoryEstimate(classifier, CLASSES, 1024 ** 3, 'analysis', limit);
    expect(estimate.classesPerChunk).toBe(3);
    expect(estimate.largestTensorBytes).toBeLessThanOrEqual(Math.max(limit, estimate.jacobianBytes));
    expect(await measuredPeak(3)).toBeLessThan(await measuredPeak(CLASSES));
  });

  it('refuses, before anything runs, an analysis whose Jacobian exceeds the largest buffer or the backend', () => {
    const tensors = tf.memory().numTensors;
    const tooSmallBuffer = jacobianMemoryEstimate(classifier, CLASSES, 1024 ** 3, 'analysis', 1000);
    expect(() => assertJacobianFits(tooSmallBuffer)).toThrow(JacobianMemoryError);
    expect(() => assertJacobianFits(tooSmallBuffer)).toThrow(/needs 1 MiB in one buffer, more than this backend's largest buffer \(1 MiB\)/);
    const estimate = jacobianMemoryEstimate(classifier);
    expect(() => assertJacobianFits(estimate)).not.toThrow();
    expect(() => assertJacobianFits(estimate, estimate.minimumBytes - 1)).toThrow(/needs at least .* MiB \(estimated .* MiB as planned\), more than this backend can hold/);
    expect(classesPerChunkForBudget(classifier, 1)).toBe(1);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
