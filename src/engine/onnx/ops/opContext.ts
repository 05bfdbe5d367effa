import type * as tf from '@tensorflow/tfjs';
import type { HostTensor } from '../hostTensor';
import type { OnnxNode } from '../onnxGraph';
import type { Value } from '../layout';

/**
 * What an op implementation sees: its node (attributes), its inputs as Values, host copies of
 * inputs that are constants of the compiled graph (shapes, axes, pads…), and a cache for tensors
 * derived from constant weights (a transposed filter, folded batch-norm scale) so that they are
 * computed once at load, not at every call. Op functions are pure tf.* code: tf.grad flows through.
 */
export interface OpContext {
  readonly node: OnnxNode;
  readonly opset: number;
  readonly source: string;
  /** Number of inputs listed, omitted optional ones ('') included. */
  readonly inputCount: number;
  /** Input i, or undefined when it is omitted. */
  input(i: number): Value | undefined;
  /** Input i, which the op requires. */
  value(i: number): Value;
  /** Host values of input i: undefined when omitted; a load error when it depends on the image. */
  host(i: number): HostTensor | undefined;
  /** Host values of input i when it is a constant, else undefined (for ops with a fast path for constants). */
  hostIfKnown(i: number): HostTensor | undefined;
  /** A tensor computed from constant values once and kept (recomputed when any of `from` is not a constant). */
  derived<T extends tf.Tensor>(key: string, from: readonly Value[], make: () => T): T;
}

export type OpFunction = (ctx: OpContext) => Value[];

export type OpTable = Readonly<Record<string, OpFunction>>;

/** Host values as plain numbers (shape vectors, axes, pads). */
export function hostInts(t: HostTensor | undefined): number[] | null {
  return t ? Array.from(t.data) : null;
}
