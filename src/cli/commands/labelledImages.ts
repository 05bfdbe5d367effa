import { join } from 'node:path';
import type { ModelMetadata } from '../../core';
import type { LabelledSet } from '../../engine/datasetStudy';
import { labelledImageSet } from '../../io/labelsCsv';
import { isTaskId } from '../../tasks';
import { labelledTaskSet } from '../../tasks/labelledTaskSet';
import { CliError } from '../cliError';
import { readInputFile } from '../readInputFile';

/** A labelled set in model input space, and where each image came from. */
export interface LabelledImages extends LabelledSet {
  readonly sources: readonly string[];
  readonly description: string;
}

/**
 * `--task T --n N`: N images of a demo task from the held-out seed (never trained on), stored as
 * the samples are (16-bit grey, 8-bit RGB) and preprocessed as the model's metadata says — the
 * same path as the model card's held-out metrics (scripts/training/evaluateOnTask.ts).
 */
export function taskImages(taskId: string, count: number, metadata: ModelMetadata): LabelledImages {
  if (!isTaskId(taskId)) throw new CliError(`unknown task "${taskId}"; the demo tasks are lumpy-ske, clb-loc, chest, histo`);
  if (!Number.isInteger(count) || count < 1) throw new CliError(`--n must be a whole number ≥ 1, not ${count}`);
  let set;
  try {
    set = labelledTaskSet(taskId, count, metadata);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const sources = Array.from({ length: count }, (_, i) => `${taskId}:${set.seed}:${i}`);
  return { count, images: set.images, labels: set.labels, sources, description: `${count} held-out images of task ${taskId} (seed ${set.seed})` };
}

/**
 * `--data DIR --labels CSV`: the rules of io/labelsCsv (a header row; the first column names the
 * file, relative to DIR; softmax: a `label` column; sigmoid: one 0/1 column per class).
 */
export async function folderImages(dir: string, labelsPath: string, metadata: ModelMetadata): Promise<LabelledImages> {
  const text = new TextDecoder().decode(await readInputFile(labelsPath, 'labels file'));
  let set;
  try {
    set = await labelledImageSet(text, labelsPath, (file) => readInputFile(join(dir, file), 'image'), metadata);
  } catch (error) {
    throw error instanceof CliError ? error : new CliError((error as Error).message);
  }
  return { count: set.count, images: set.images, labels: set.labels, sources: set.files, description: `${set.count} images from ${dir} labelled by ${labelsPath}` };
}

export { parseCsv } from '../../io/labelsCsv';
