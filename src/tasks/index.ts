/**
 * Registry of the controlled imaging tasks with known ground truth.
 *
 * Every sample is a pure function of (taskId, seed, index, options): the same arguments give
 * bit-identical images in Node and in the browser (see ./random). Softmax tasks are
 * class-balanced by default (label = index mod number of classes); the multi-label `chest` task
 * draws each label independently with its prior.
 */
import { chest } from './chest';
import { clbLoc } from './clbLoc';
import { histo } from './histo';
import { lumpySke } from './lumpySke';
import { Rng, Stream } from './random';
import type {
  ResolvedOptions,
  SampleOptions,
  TaskDefinition,
  TaskId,
  TaskMeta,
  TaskSample,
} from './types';

export type {
  SampleOptions,
  SignalCentre,
  SigmoidSample,
  SoftmaxSample,
  TaskId,
  TaskMeta,
  TaskParameter,
  TaskSample,
} from './types';
export { decodeMaskRle, encodeMaskRle } from './imageOps';
export type { MaskRle } from './imageOps';

const definitions: Record<TaskId, TaskDefinition> = {
  'lumpy-ske': lumpySke,
  'clb-loc': clbLoc,
  chest,
  histo,
};

/** All task ids, in display order. */
export const taskIds: readonly TaskId[] = ['lumpy-ske', 'clb-loc', 'chest', 'histo'];

/** A task: its metadata plus a sample generator bound to it. */
export interface Task extends TaskMeta {
  generate(seed: number, index: number, options?: SampleOptions): TaskSample;
}

const tasks = new Map<TaskId, Task>(
  taskIds.map((id) => {
    const meta = definitions[id].meta;
    const task: Task = { ...meta, generate: (seed, index, options) => generateSample(id, seed, index, options) };
    return [id, task];
  }),
);

export function isTaskId(id: string): id is TaskId {
  return (taskIds as readonly string[]).includes(id);
}

/** The task with this id (metadata and generator); throws for an unknown id. */
export function getTask(id: string): Task {
  const task = isTaskId(id) ? tasks.get(id) : undefined;
  if (!task) throw new RangeError(`unknown task '${id}' (known: ${taskIds.join(', ')})`);
  return task;
}

function definition(id: string): TaskDefinition {
  if (!isTaskId(id)) throw new RangeError(`unknown task '${id}' (known: ${taskIds.join(', ')})`);
  return definitions[id];
}

function checkInteger(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be a safe integer, got ${v}`);
}

/** Fills in default label(s) and validates forced ones. */
export function resolveOptions(id: TaskId, seed: number, index: number, options: SampleOptions = {}): ResolvedOptions {
  const def = definitions[id];
  const c = def.meta.classes.length;
  const withSignal = options.withSignal ?? true;
  if (def.meta.head === 'softmax') {
    if (options.labels !== undefined) throw new RangeError(`${id} is single-label: use options.label`);
    const label = options.label ?? ((index % c) + c) % c;
    if (!Number.isInteger(label) || label < 0 || label >= c) throw new RangeError(`label ${label} out of range for ${id} (${c} classes)`);
    const labels = new Array<number>(c).fill(0);
    labels[label] = 1;
    return { label, labels, withSignal };
  }
  let labels: number[];
  if (options.labels !== undefined) {
    if (options.labels.length !== c || options.labels.some((v) => v !== 0 && v !== 1)) {
      throw new RangeError(`labels for ${id} must be ${c} values of 0 or 1`);
    }
    labels = [...options.labels];
  } else if (options.label !== undefined) {
    if (!Number.isInteger(options.label) || options.label < 0 || options.label >= c) {
      throw new RangeError(`label ${options.label} out of range for ${id} (${c} labels)`);
    }
    labels = new Array<number>(c).fill(0);
    labels[options.label] = 1;
  } else {
    const rng = Rng.forSample(id, seed, index, Stream.labels);
    const prior = def.labelPrior ?? new Array<number>(c).fill(0.5);
    labels = prior.map((p) => (rng.bernoulli(p) ? 1 : 0));
  }
  return { label: -1, labels, withSignal };
}

/** One sample of a task. */
export function generateSample(taskId: string, seed: number, index: number, options?: SampleOptions): TaskSample {
  const def = definition(taskId);
  const id = def.meta.id;
  checkInteger('seed', seed);
  checkInteger('index', index);
  const resolved = resolveOptions(id, seed, index, options);
  const { height, width, channels } = def.meta;
  const image = new Float32Array(height * width * channels);
  const r = def.render(seed, index, resolved, image, 0);
  const base = { taskId: id, seed, index, image, height, width, channels, signalMask: r.signalMask, signalCentres: r.signalCentres, details: r.details };
  if (def.meta.head === 'softmax') return { ...base, head: 'softmax', label: resolved.label };
  return { ...base, head: 'sigmoid', labels: resolved.labels, labelMasks: r.labelMasks ?? [] };
}

/** A stack of samples for training or evaluation. */
export interface TaskDataset {
  readonly taskId: TaskId;
  readonly head: TaskMeta['head'];
  readonly classes: readonly string[];
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** count × H × W × Ch, sample after sample (NHWC). */
  readonly images: Float32Array;
  /** Softmax: count class indices. Sigmoid: count × C values of 0/1, sample after sample. */
  readonly labels: Int32Array;
  /** count × C training targets: one-hot (softmax) or 0/1 per label (sigmoid). */
  readonly targets: Float32Array;
}

export interface DatasetOptions {
  /** Index of the first sample (default 0): sample i of the dataset is generateSample(taskId, seed, startIndex + i). */
  readonly startIndex?: number;
}

/**
 * count samples of a task, stacked. Sample i equals generateSample(taskId, seed, startIndex + i)
 * (same bytes); images are rendered straight into the stacked buffer.
 */
export function generateDataset(taskId: string, seed: number, count: number, options: DatasetOptions = {}): TaskDataset {
  const def = definition(taskId);
  const id = def.meta.id;
  checkInteger('seed', seed);
  checkInteger('count', count);
  if (count < 0) throw new RangeError(`count must be non-negative, got ${count}`);
  const start = options.startIndex ?? 0;
  checkInteger('startIndex', start);
  const { height, width, channels, head, classes } = def.meta;
  const c = classes.length;
  const stride = height * width * channels;
  const images = new Float32Array(count * stride);
  const labels = new Int32Array(head === 'softmax' ? count : count * c);
  const targets = new Float32Array(count * c);
  for (let i = 0; i < count; i++) {
    const index = start + i;
    const resolved = resolveOptions(id, seed, index);
    def.render(seed, index, resolved, images, i * stride);
    if (head === 'softmax') {
      labels[i] = resolved.label;
      targets[i * c + resolved.label] = 1;
    } else {
      for (let j = 0; j < c; j++) {
        labels[i * c + j] = resolved.labels[j];
        targets[i * c + j] = resolved.labels[j];
      }
    }
  }
  return { taskId: id, head, classes, count, height, width, channels, images, labels, targets };
}
