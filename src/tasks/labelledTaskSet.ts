import type { ModelMetadata } from '../core';
import { toModelInput } from '../core';
import { generateDataset, getTask, isTaskId } from './index';
import { HELD_OUT_SEED, quantizeInPlace } from './storedPrecision';

/** A labelled set of a demo task in a model's input space (the shape of engine LabelledSet). */
export interface TaskLabelledSet {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly seed: number;
}

/**
 * `count` images of a demo task from the held-out seed (never trained on), stored as the samples
 * are (16-bit grey, 8-bit RGB) and preprocessed as the model's metadata says — the path of the
 * model card's held-out metrics. Shared by the CLI (`--task`) and the app's dataset study (worker).
 * Throws a plain Error naming the problem.
 */
export function labelledTaskSet(taskId: string, count: number, metadata: ModelMetadata): TaskLabelledSet {
  if (!isTaskId(taskId)) throw new Error(`unknown task "${taskId}"; the demo tasks are lumpy-ske, clb-loc, chest, histo`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`the number of images must be a whole number ≥ 1, not ${count}`);
  const task = getTask(taskId);
  if (task.classes.length !== metadata.classes.length || task.head !== metadata.head) {
    throw new Error(`task ${taskId} has ${task.classes.length} ${task.head} classes; the model has ${metadata.classes.length} ${metadata.head} outputs`);
  }
  const data = generateDataset(taskId, HELD_OUT_SEED, count);
  quantizeInPlace(data.images, data.channels);
  const perImage = data.height * data.width * data.channels;
  const { height, width, channels } = metadata.input;
  const p = metadata.preprocessing;
  const n = height * width * channels;
  const images = new Float32Array(count * n);
  for (let i = 0; i < count; i++) {
    const unit = { width: data.width, height: data.height, channels: data.channels, data: data.images.subarray(i * perImage, (i + 1) * perImage) };
    images.set(toModelInput(unit, { height, width, channels, mean: p.mean, std: p.std, resize: p.resize }), i * n);
  }
  return { count, images, labels: data.labels, seed: HELD_OUT_SEED };
}
