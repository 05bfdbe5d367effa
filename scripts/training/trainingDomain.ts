import type { ModelMetadata, TrainingDomain, TrainingDomainFacts } from '../../src/core';
import { normalisedEntropy, summariseTrainingDomain } from '../../src/core';
import { analyzeImage, forwardLogits } from '../../src/engine/analyzeImage';
import type { Classifier } from '../../src/engine/classifier';
import type { TaskId } from '../../src/tasks';
import { generateDataset } from '../../src/tasks';
import { normalizeInPlace, quantizeInPlace } from '../../src/tasks/storedPrecision';

/**
 * A demo model's `trainingDomain`: the first images of its own training set (same task, seed and
 * stored precision as the training), in its model input space, summarised by
 * src/core/domainCheckSummary, plus the model's own entropy on each and λ₁ on the first few.
 */

/** What each demo task's images stand for. */
export const TASK_DOMAIN_FACTS: Readonly<Record<TaskId, Omit<TrainingDomainFacts, 'sample'>>> = {
  'lumpy-ske': { description: 'synthetic lumpy-background images, no clinical modality', modalities: ['OT'], photometricInterpretation: 'MONOCHROME2' },
  'clb-loc': { description: 'synthetic clustered-lumpy-background images (a mammographic texture model), no clinical modality', modalities: ['OT'], photometricInterpretation: 'MONOCHROME2' },
  chest: { description: 'procedural PA chest radiograph phantoms', modalities: ['CR', 'DX'], photometricInterpretation: 'MONOCHROME2' },
  histo: { description: 'procedural H&E-stained histology tiles', modalities: ['SM'], photometricInterpretation: 'RGB' },
};

/** Images summarised per model, and how many of them also get a full iFIM analysis for λ₁. */
export const DOMAIN_SAMPLE_COUNT = 1000;
export const DOMAIN_LAMBDA1_COUNT = 100;

/** count images of a task as the model saw them in training: stored precision, then its normalisation. */
export function trainingLikeImages(taskId: TaskId, seed: number, count: number, metadata: ModelMetadata, startIndex = 0): Float32Array {
  const data = generateDataset(taskId, seed, count, { startIndex });
  quantizeInPlace(data.images, data.channels);
  normalizeInPlace(data.images, metadata.preprocessing.mean, metadata.preprocessing.std);
  return data.images;
}

export async function trainingDomainFor(
  classifier: Classifier,
  metadata: ModelMetadata,
  taskId: TaskId,
  seed: number,
  options: { count?: number; lambda1Count?: number; log?: (line: string) => void } = {},
): Promise<TrainingDomain> {
  const count = options.count ?? DOMAIN_SAMPLE_COUNT;
  const lambda1Count = Math.min(count, options.lambda1Count ?? DOMAIN_LAMBDA1_COUNT);
  const { height, width, channels } = metadata.input;
  const images = trainingLikeImages(taskId, seed, count, metadata);
  const perImage = height * width * channels;
  const entropy: number[] = [];
  const batch = 50;
  const c = metadata.classes.length;
  for (let start = 0; start < count; start += batch) {
    const b = Math.min(batch, count - start);
    const logits = await forwardLogits(classifier, images.subarray(start * perImage, (start + b) * perImage), b);
    for (let i = 0; i < b; i++) entropy.push(normalisedEntropy(metadata.head, logits.subarray(i * c, (i + 1) * c)));
  }
  const lambda1: number[] = [];
  for (let i = 0; i < lambda1Count; i++) {
    const analysis = await analyzeImage(classifier, images.slice(i * perImage, (i + 1) * perImage), { maxModes: 1 });
    lambda1.push(analysis.eigen.eigenvalues[0]);
  }
  options.log?.(`${metadata.id}: training domain from ${count} images (λ₁ from ${lambda1Count})`);
  return summariseTrainingDomain(
    { images, count, height, width, channels },
    { ...TASK_DOMAIN_FACTS[taskId], sample: { generator: taskId, seed, firstIndex: 0 } },
    { entropy, lambda1 },
  );
}
