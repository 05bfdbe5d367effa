import type { ModelMetadata } from '../../src/core';
import { accuracy, argmaxRows, aucRoc, column, probabilitiesFromLogits } from '../../src/core';
import { forwardLogits } from '../../src/engine/analyzeImage';
import type { Classifier } from '../../src/engine/classifier';
import { generateDataset } from '../../src/tasks';
import { normalizeInPlace, quantizeInPlace } from '../../src/tasks/storedPrecision';

export interface TaskMetrics {
  readonly heldOutCount: number;
  readonly heldOutSeed: number;
  /**
   * softmax: fraction of images whose most probable class is the true one.
   * sigmoid: mean over labels of the fraction decided correctly at probability 0.5.
   */
  readonly accuracy: number;
  /** One-vs-rest AUC per class (softmax) or per label (sigmoid), keyed by name. */
  readonly auc: Record<string, number>;
}

/** Fresh images of a task, stored as the samples are, through the model's own preprocessing. */
export async function evaluateOnTask(classifier: Classifier, metadata: ModelMetadata, taskId: string, seed: number, count: number): Promise<TaskMetrics> {
  const data = generateDataset(taskId, seed, count);
  quantizeInPlace(data.images, data.channels);
  normalizeInPlace(data.images, metadata.preprocessing.mean, metadata.preprocessing.std);
  const c = metadata.classes.length;
  const perImage = data.height * data.width * data.channels;
  const probabilities = new Float64Array(count * c);
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const b = Math.min(batch, count - start);
    const logits = await forwardLogits(classifier, data.images.subarray(start * perImage, (start + b) * perImage), b);
    for (let i = 0; i < b; i++) probabilities.set(probabilitiesFromLogits(metadata.head, logits.subarray(i * c, (i + 1) * c)), (start + i) * c);
  }
  const auc: Record<string, number> = {};
  let acc: number;
  if (metadata.head === 'softmax') {
    acc = accuracy(argmaxRows(probabilities, c), data.labels);
    metadata.classes.forEach((name, k) => {
      auc[name] = aucRoc(column(probabilities, c, k), Array.from(data.labels, (l) => l === k));
    });
  } else {
    let correct = 0;
    for (let i = 0; i < count * c; i++) if ((probabilities[i] >= 0.5 ? 1 : 0) === data.labels[i]) correct++;
    acc = correct / (count * c);
    metadata.classes.forEach((name, k) => {
      auc[name] = aucRoc(column(probabilities, c, k), Array.from(column(data.labels, c, k), (l) => l === 1));
    });
  }
  return { heldOutCount: count, heldOutSeed: seed, accuracy: acc, auc };
}
