import { writeFile } from 'node:fs/promises';
import { probabilitiesFromLogits } from '../../core';
import { forwardLogits } from '../../engine/analyzeImage';
import { ImageDecodeError } from '../../io/imageDecodeError';
import { decodeNpyBatch } from '../../io/npy';
import { CliError } from '../cliError';
import { loadModel } from '../modelSource';
import { startNodeEngine } from '../nodeEngine';
import { readInputFile } from '../readInputFile';

export interface PredictOptions {
  readonly model: string;
  readonly input: string;
  readonly out?: string;
  readonly backend?: string;
}

/** `ifim predict`: a (B, H, W, Ch) float32 batch already in model input space → logits and probabilities. */
export async function predictCommand(options: PredictOptions): Promise<string> {
  const backend = await startNodeEngine(options.backend);
  const { classifier } = await loadModel(options.model);
  try {
    let batch;
    try {
      // Empty batches, broken shapes and non-finite values are refused here, with the position.
      batch = decodeNpyBatch(await readInputFile(options.input, 'input'), options.input);
    } catch (error) {
      if (error instanceof ImageDecodeError) throw new CliError(error.message, 1, error.code, error.details);
      throw error;
    }
    const [h, w, ch] = classifier.info.inputShape;
    const [b, ...rest] = batch.shape;
    if (batch.shape.length !== 4 || rest[0] !== h || rest[1] !== w || rest[2] !== ch) {
      throw new CliError(`${options.input} has shape (${batch.shape.join(', ')}); the model takes (B, ${h}, ${w}, ${ch})`);
    }
    const c = classifier.info.classes.length;
    const logits = await forwardLogits(classifier, batch.data, b);
    const rows = Array.from({ length: b }, (_, i) => {
      const z = Array.from(logits.subarray(i * c, (i + 1) * c));
      return { logits: z, probabilities: Array.from(probabilitiesFromLogits(classifier.info.head, z)) };
    });
    const result = { model: { id: classifier.info.id, classes: classifier.info.classes, head: classifier.info.head }, backend: backend.name, count: b, predictions: rows };
    const text = JSON.stringify(result, null, 2) + '\n';
    if (options.out) {
      await writeFile(options.out, text);
      return `wrote ${options.out} (${b} predictions)`;
    }
    return text.trimEnd();
  } finally {
    classifier.dispose();
  }
}
