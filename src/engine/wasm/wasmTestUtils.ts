// Helpers for the wasm-vs-cpu tests in this folder. Values cross backends as plain arrays so
// a comparison never depends on the engine moving data between backends behind our back.
import * as tf from '@tensorflow/tfjs';
import type { DataType, NamedAttrMap } from '@tensorflow/tfjs';

export type ComparedBackend = 'wasm' | 'cpu';

// A type alias, not an interface, so it can be returned from tf.tidy (a TensorContainer).
export type HostTensor = {
  values: number[];
  shape: number[];
  dtype?: DataType;
};

/** Deterministic uniform [lo, hi) generator (mulberry32), so a failing grid case can be rerun. */
export function seededRandom(seed: number): (lo?: number, hi?: number) => number {
  let a = seed >>> 0;
  return (lo = -1, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * u;
  };
}

export function randomHost(shape: number[], rand: (lo?: number, hi?: number) => number, lo = -1, hi = 1): HostTensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return { values: Array.from({ length: size }, () => rand(lo, hi)), shape };
}

export function toTensor(h: HostTensor): tf.Tensor {
  return tf.tensor(h.values, h.shape, h.dtype ?? 'float32');
}

export function toHost(t: tf.Tensor): HostTensor {
  return { values: Array.from(t.dataSync()), shape: t.shape.slice(), dtype: t.dtype };
}

/** Runs one registered kernel on the given backend and returns its (single) output. */
export async function runKernelOn(
  backend: ComparedBackend,
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: NamedAttrMap,
): Promise<HostTensor> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const tensors: tf.NamedTensorMap = {};
    for (const [name, h] of Object.entries(inputs)) tensors[name] = toTensor(h);
    return toHost(tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor);
  });
}

export function maxAbs(values: readonly number[]): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** max |a − b|; NaN (never ≤ a tolerance) if the lengths differ or any value is NaN. */
export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Number.NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Number.NaN;
    m = Math.max(m, d);
  }
  return m;
}

/** max |wasm − cpu| divided by max |cpu| (the gradient's scale); 0/0 counts as a mismatch. */
export function relativeDeviation(wasm: HostTensor, cpu: HostTensor): number {
  if (wasm.shape.join() !== cpu.shape.join()) return Number.NaN;
  return maxAbsDiff(wasm.values, cpu.values) / maxAbs(cpu.values);
}
