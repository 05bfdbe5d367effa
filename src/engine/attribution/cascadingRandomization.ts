import type * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../core';
import { normalizedMagnitude, spearman, ssim } from '../../core/similarity';
import type { Classifier } from '../classifier';
import { classifierFromArtifacts } from '../classifier';
import type { StudyControl } from '../studyControl';
import { throwIfCancelled, yieldToEventLoop } from '../studyControl';
import { computeAttribution } from './computeAttribution';
import { cascadeOrder, randomizeLayers } from './randomizeArtifacts';
import { resolveTarget } from './resolveTarget';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

/**
 * The model-randomisation sanity check of Adebayo et al. 2018 ("Sanity Checks for Saliency Maps",
 * NeurIPS §3.1, "cascading randomization"): on a copy of the model, re-initialise the weighted
 * layers from the top (logit layer) down, one more layer per stage, recompute every map, and
 * compare it with the map of the trained model. A map that stays the same does not depend on what
 * the model learned. The class explained stays the trained model's predicted class throughout.
 * The copy is made from the artifacts (randomizeArtifacts.ts) and loaded like the original.
 */
export interface RandomizationOptions extends StudyControl {
  /** What the classifier was loaded from: the copy is made from it. */
  readonly artifacts: tf.io.ModelArtifacts;
  /** The metadata the classifier was loaded with (so the copy has the same head and classes). */
  readonly metadata?: ModelMetadata | null;
  readonly seed?: number;
  readonly context?: AttributionContext;
  /** Stop after this many stages (default: every weighted layer). */
  readonly maxStages?: number;
  readonly onProgress?: (progress: { readonly stage: number; readonly stages: number; readonly label: string }) => void;
}

export interface RandomizationStage {
  /** 1 = the top weighted layer randomised, 2 = the top two, … */
  readonly stage: number;
  /** The lowest layer randomised at this stage. */
  readonly layer: string;
  /** Every layer randomised so far, top first. */
  readonly randomized: readonly string[];
}

export interface SanityRow {
  readonly stage: number;
  readonly layer: string;
  readonly label: string;
  /** Spearman's ρ between |original| and |randomised| maps. */
  readonly spearman: number;
  /** SSIM between the maps' magnitudes, each scaled to [0, 1] by its maximum. */
  readonly ssim: number;
}

export interface RandomizationResult {
  readonly target: number;
  readonly originals: AttributionMap[];
  readonly stages: RandomizationStage[];
  readonly rows: SanityRow[];
}

export async function cascadingRandomization(classifier: Classifier, x: Float32Array, specs: readonly AttributionSpec[], options: RandomizationOptions): Promise<RandomizationResult> {
  const { target } = await resolveTarget(classifier, x, options.context?.target);
  const context: AttributionContext = { ...options.context, target, artifacts: options.artifacts };
  const originals: AttributionMap[] = [];
  for (const spec of specs) originals.push(await computeAttribution(classifier, x, spec, context));
  const [h, w] = classifier.info.inputShape;
  const order = cascadeOrder(options.artifacts);
  const stageCount = Math.min(order.length, options.maxStages ?? order.length);
  const stages: RandomizationStage[] = [];
  const rows: SanityRow[] = [];
  for (let s = 0; s < stageCount; s++) {
    throwIfCancelled(options);
    const randomized = order.slice(0, s + 1);
    // Each stage re-draws the layers above with the same seeds, so stage s extends stage s − 1.
    const artifacts = randomizeLayers(options.artifacts, randomized, options.seed ?? 0);
    const copy = await classifierFromArtifacts(artifacts, options.metadata ?? null, `${classifier.info.id}-randomised`);
    try {
      stages.push({ stage: s + 1, layer: order[s], randomized });
      for (let m = 0; m < specs.length; m++) {
        throwIfCancelled(options);
        options.onProgress?.({ stage: s + 1, stages: stageCount, label: originals[m].label });
        const randomised = await computeAttribution(copy, x, specs[m], { ...context, artifacts });
        rows.push({ stage: s + 1, layer: order[s], label: originals[m].label, ...compareMaps(originals[m].values, randomised.values, h, w) });
        await yieldToEventLoop();
      }
    } finally {
      copy.dispose();
    }
  }
  return { target, originals, stages, rows };
}

export function compareMaps(original: ArrayLike<number>, other: ArrayLike<number>, height: number, width: number): { spearman: number; ssim: number } {
  const a = normalizedMagnitude(original);
  const b = normalizedMagnitude(other);
  return { spearman: spearman(a, b), ssim: ssim(a, b, height, width) };
}
