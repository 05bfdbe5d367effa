import type * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from './modelLoadError';

/**
 * Refuses float weights that are NaN or ±Infinity, naming the first such weight. A model with one
 * infinite weight still loads and predicts in TF.js (NaN or saturated outputs), and the analysis
 * then fails far away ("symmetricEigen: matrix has a non-finite entry"); here it is a load error.
 * Reads the raw shard bytes (no tensors); quantized weights (uint8/uint16 codes) are finite by
 * construction, float16 ones are checked by their exponent bits.
 */
export function checkWeightsFinite(artifacts: tf.io.ModelArtifacts, source: string): void {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData;
  if (!data || specs.length === 0) return;
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  let bytes: Uint8Array;
  if (buffers.length === 1) bytes = new Uint8Array(buffers[0]);
  else {
    bytes = new Uint8Array(total);
    let at = 0;
    for (const b of buffers) {
      bytes.set(new Uint8Array(b), at);
      at += b.byteLength;
    }
  }
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, d) => a * d, 1);
    const q = spec.quantization;
    const size = q ? (q.dtype === 'float16' ? 2 : q.dtype === 'uint16' ? 2 : 1) : spec.dtype === 'bool' ? 1 : spec.dtype === 'complex64' ? 8 : 4;
    const byteLength = count * (spec.dtype === 'complex64' && !q ? 8 : size);
    if (offset + byteLength > bytes.byteLength) return; // size mismatches are reported by the loader with the shard named
    const bad = q ? q.dtype === 'float16' && firstNonFiniteHalf(bytes, offset, count) : spec.dtype === 'float32' || spec.dtype === 'complex64' ? firstNonFiniteFloat(bytes, offset, byteLength / 4) : -1;
    if (typeof bad === 'number' && bad >= 0) {
      const where = count > 1 ? ` (value ${bad} of ${count})` : '';
      throw new ModelLoadError(
        'invalid-weights',
        `${source}: weight ${spec.name} holds a non-finite number${where}; a model with NaN or infinite weights cannot give a meaningful analysis — re-export it from a checkpoint whose training did not diverge`,
        source,
      );
    }
    offset += byteLength;
  }
}

function firstNonFiniteFloat(bytes: Uint8Array, offset: number, count: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  for (let i = 0; i < count; i++) {
    // Exponent all ones ⇔ NaN or ±Infinity; little-endian as TF.js writes weights.
    if ((view.getUint32(4 * i, true) & 0x7f800000) === 0x7f800000) return i;
  }
  return -1;
}

function firstNonFiniteHalf(bytes: Uint8Array, offset: number, count: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 2);
  for (let i = 0; i < count; i++) if ((view.getUint16(2 * i, true) & 0x7c00) === 0x7c00) return i;
  return -1;
}
