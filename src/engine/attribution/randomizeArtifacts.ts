import type * as tf from '@tensorflow/tfjs';
import { mixSeed, seededRng } from '../../core/perturbation';

/**
 * Weight re-initialisation on a copy of model artifacts (topology untouched, weight bytes
 * replaced), so the randomised model loads through the very path of the original, whatever the
 * Classifier hides. Layers are the weight-name prefixes ("conv2d_1/kernel" → "conv2d_1").
 */

export function layerOfWeight(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/** Layers that hold weights, top (output side) first: the order of the cascade. */
export function cascadeOrder(artifacts: tf.io.ModelArtifacts): string[] {
  const layers: string[] = [];
  for (const spec of artifacts.weightSpecs ?? []) {
    const layer = layerOfWeight(spec.name);
    if (!layers.includes(layer)) layers.push(layer);
  }
  return layers.reverse();
}

/**
 * Keras's default initialisation, seeded per layer and weight: kernels Glorot-uniform
 * (limit √(6 / (fan_in + fan_out)), Glorot & Bengio 2010), biases, BN β and moving mean 0, BN γ and
 * moving variance 1. A weight of any other name is redrawn as a Gaussian of its own standard
 * deviation. Returns new artifacts; the input is not modified.
 */
export function randomizeLayers(artifacts: tf.io.ModelArtifacts, layers: readonly string[], seed: number): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  const source = weightBytes(artifacts);
  const bytes = source.slice();
  let offset = 0;
  specs.forEach((spec, index) => {
    const size = spec.shape.reduce((a, d) => a * d, 1);
    const byteLength = size * 4;
    if (layers.includes(layerOfWeight(spec.name))) {
      if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`weight ${spec.name} is ${spec.quantization ? 'quantised' : spec.dtype}; randomisation needs float32 weights`);
      const values = new Float32Array(bytes.buffer, bytes.byteOffset + offset, size);
      fillInitial(values, spec.name, spec.shape, mixSeed(seed, index));
    }
    offset += spec.dtype === 'float32' && !spec.quantization ? byteLength : storedBytes(spec, size);
  });
  return { ...artifacts, weightData: bytes.buffer };
}

function fillInitial(values: Float32Array, name: string, shape: readonly number[], seed: number): void {
  const leaf = name.split('/').at(-1) ?? '';
  const rng = seededRng(seed);
  if (/kernel/.test(leaf)) {
    const limit = Math.sqrt(6 / fanSum(shape));
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  } else if (/bias|beta|moving_mean/.test(leaf)) {
    values.fill(0);
  } else if (/gamma|moving_variance/.test(leaf)) {
    values.fill(1);
  } else {
    let m = 0;
    let s = 0;
    for (const v of values) m += v / values.length;
    for (const v of values) s += (v - m) ** 2 / values.length;
    const std = Math.sqrt(s) || 1;
    for (let i = 0; i < values.length; i++) values[i] = std * rng.normal();
  }
}

/** fan_in + fan_out as Keras computes them: dense (in, out); conv (kh, kw, …, in, out). */
function fanSum(shape: readonly number[]): number {
  if (shape.length < 2) return Math.max(1, 2 * (shape[0] ?? 1));
  const receptive = shape.slice(0, -2).reduce((a, d) => a * d, 1);
  return receptive * (shape[shape.length - 2] + shape[shape.length - 1]);
}

function weightBytes(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const data = artifacts.weightData;
  if (!data) throw new Error('the model artifacts hold no weights');
  if (Array.isArray(data)) {
    const total = data.reduce((s, b) => s + b.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of data) {
      out.set(new Uint8Array(b), offset);
      offset += b.byteLength;
    }
    return out;
  }
  return new Uint8Array(data as ArrayBuffer);
}

function storedBytes(spec: tf.io.WeightsManifestEntry, size: number): number {
  if (spec.quantization) return size * (spec.quantization.dtype === 'uint8' ? 1 : 2);
  return size * (spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : spec.dtype === 'bool' ? 1 : 2);
}
