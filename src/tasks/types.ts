import type { HeadType } from '../core/types';

/** A documented generator parameter: its value, what it means, and where it comes from. */
export interface TaskParameter {
  readonly value: number | string | boolean | readonly number[];
  readonly unit?: string;
  readonly description: string;
  /** Literature source of the value, or 'design choice' with the reason. */
  readonly source: string;
}

/** Static description of a task. */
export interface TaskMeta {
  readonly id: TaskId;
  readonly title: string;
  readonly description: string;
  /** Class names (softmax) or label names (sigmoid), in output order. */
  readonly classes: readonly string[];
  readonly head: HeadType;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly parameters: Readonly<Record<string, TaskParameter>>;
  readonly references: readonly string[];
}

export type TaskId = 'lumpy-ske' | 'clb-loc' | 'chest' | 'histo';

/** Position of a signal in pixel coordinates (row, col; pixel centres at integers; may be fractional). */
export interface SignalCentre {
  readonly row: number;
  readonly col: number;
}

export interface SampleOptions {
  /**
   * Softmax tasks: the class index to generate (default: index mod number of classes).
   * Sigmoid tasks: shorthand for "only this label present" (labels = one-hot of label).
   */
  readonly label?: number;
  /** Sigmoid tasks: the 0/1 label vector to generate (default: each label present with its prior, from the seed). */
  readonly labels?: readonly number[];
  /**
   * false renders the same sample (same background, labels, masks, centres and noise, drawn from
   * the same random streams) with the signal left out of the image: the counterfactual
   * "same patient without the finding". For `histo` the atypical nuclei are then drawn as the
   * normal nuclei they replace. Default true.
   */
  readonly withSignal?: boolean;
}

interface SampleBase {
  readonly taskId: TaskId;
  readonly seed: number;
  readonly index: number;
  /** H×W×Ch row-major with interleaved channels, values in [0, 1]. */
  readonly image: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** H×W, 1 where any signal (finding) is, all zero when none is present. */
  readonly signalMask: Uint8Array;
  readonly signalCentres: readonly SignalCentre[];
  /** Generator internals useful for tests and captions (e.g. lumpCount, heartWidth). */
  readonly details: Readonly<Record<string, number>>;
}

export interface SoftmaxSample extends SampleBase {
  readonly head: 'softmax';
  readonly label: number;
}

export interface SigmoidSample extends SampleBase {
  readonly head: 'sigmoid';
  /** 0/1 per label, in the order of the task's classes. */
  readonly labels: readonly number[];
  /** One H×W mask per label (all zero where the label is absent); signalMask is their union. */
  readonly labelMasks: readonly Uint8Array[];
}

export type TaskSample = SoftmaxSample | SigmoidSample;

/** Options after defaults: the concrete label(s) and whether to draw the signal. */
export interface ResolvedOptions {
  readonly label: number;
  readonly labels: readonly number[];
  readonly withSignal: boolean;
}

/** Ground truth returned by a renderer; the image is written into the caller's buffer. */
export interface RenderResult {
  readonly signalMask: Uint8Array;
  readonly signalCentres: readonly SignalCentre[];
  readonly labelMasks?: readonly Uint8Array[];
  readonly details: Readonly<Record<string, number>>;
}

/** A task generator: metadata and a renderer writing one H×W×Ch image at out[offset…]. */
export interface TaskDefinition {
  readonly meta: TaskMeta;
  /** Probability of each label of a sigmoid task when labels are drawn at random. */
  readonly labelPrior?: readonly number[];
  render(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult;
}
