import * as tf from '@tensorflow/tfjs';
import { analysisProgramOf } from './analysisMode/analysisJacobian';
import { analysisMemory } from './analysisMode/analysisMemory';
import type { Classifier } from './classifier';

/**
 * Memory the batched Jacobian needs, for the interface to show before a run, and the backends'
 * per-buffer limits that bound how many class copies one chunk may hold.
 */
const GIB = 1024 ** 3;

/**
 * The largest single tensor the active backend can hold, in bytes: webgpu's
 * maxStorageBufferBindingSize (often 128 MiB–2 GiB), webgl's largest float texture (one float
 * per texel, the unpacked case), and conservative figures for wasm (a 32-bit heap shared by all
 * tensors) and cpu (a typed array).
 */
export function backendBufferLimitBytes(): number {
  let name: string;
  try {
    name = tf.getBackend();
  } catch {
    return 2 * GIB;
  }
  if (name === 'webgpu') {
    // Both limits bound one tensor: a buffer is bound whole as a storage binding.
    const limits = (tf.backend() as unknown as { device?: { limits?: { maxStorageBufferBindingSize?: number; maxBufferSize?: number } } }).device?.limits;
    return Math.min(limits?.maxStorageBufferBindingSize ?? 128 * 1024 * 1024, limits?.maxBufferSize ?? 256 * 1024 * 1024);
  }
  if (name === 'webgl') {
    const size = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return size > 0 ? size * size * 4 : 256 * 1024 * 1024;
  }
  if (name === 'wasm') return GIB;
  return 2 * GIB;
}

/**
 * Memory the backend can hold in all, for refusing an analysis before it starts: wasm's 32-bit
 * heap (4 GiB); elsewhere no fixed figure (the browser's GPU memory is not known up front), so only
 * the per-buffer limit applies.
 */
export function backendTotalLimitBytes(): number {
  try {
    return tf.getBackend() === 'wasm' ? 4 * GIB : Infinity;
  } catch {
    return Infinity;
  }
}

export interface JacobianMemoryEstimate {
  /** 'analysis': the compiled input-gradient program (analysisMode/); 'plain': tf.grad over tiled copies. */
  readonly mode: 'analysis' | 'plain';
  readonly classesAnalysed: number;
  /** N = H·W·Ch. */
  readonly inputSize: number;
  /** The Jacobian itself: classesAnalysed × N × 4 bytes (float32), on the device and read back once. */
  readonly jacobianBytes: number;
  /** Class copies (rows) per backward pass within the budget and the backend's buffer limit. */
  readonly classesPerChunk: number;
  readonly chunks: number;
  /** Activations and their gradients for one chunk of rows (analysis mode: plus what the forward pass at the image keeps). */
  readonly activationBytes: number;
  /** jacobianBytes (twice when chunks are concatenated) + activationBytes: the peak to expect. */
  readonly totalBytes: number;
  /** The least any chunking needs: the Jacobian (twice, chunked), the fixed part and one row. */
  readonly minimumBytes: number;
  readonly bufferLimitBytes: number;
  /** The largest single tensor of a chunk (one row's largest times classesPerChunk, or the Jacobian). */
  readonly largestTensorBytes: number;
}

/**
 * What a Jacobian over `classesAnalysed` rows costs: C × N × 4 bytes plus the activations of one
 * chunk of rows. Analysis mode: from the compiled program's shapes (analysisMemory.ts); plain mode:
 * measured per copy when the model was loaded. `budgetBytes` is the activation budget the analysis
 * uses (analyzeImage's jacobianBudgetBytes).
 */
export function jacobianMemoryEstimate(
  classifier: Classifier,
  classesAnalysed = classifier.info.classes.length,
  budgetBytes = 512 * 1024 * 1024,
  mode: 'analysis' | 'plain' = 'analysis',
  bufferLimitBytes = backendBufferLimitBytes(),
): JacobianMemoryEstimate {
  const [h, w, c] = classifier.info.inputShape;
  const inputSize = h * w * c;
  const program = mode === 'analysis' ? analysisProgramOf(classifier) : 'plain';
  const memory =
    typeof program === 'string'
      ? { fixedBytes: 0, bytesPerRow: classifier.info.memory.bytesPerCopy, largestTensorBytesPerRow: classifier.info.memory.largestTensorBytesPerCopy }
      : analysisMemory(program);
  const byBudget = Math.floor((budgetBytes - memory.fixedBytes) / Math.max(memory.bytesPerRow, 1));
  const byBuffer = Math.floor(bufferLimitBytes / Math.max(memory.largestTensorBytesPerRow, 1));
  const classesPerChunk = Math.max(1, Math.min(classesAnalysed, byBudget, byBuffer));
  const jacobianBytes = classesAnalysed * inputSize * 4;
  const activationBytes = memory.fixedBytes + classesPerChunk * memory.bytesPerRow;
  const chunks = Math.ceil(classesAnalysed / classesPerChunk);
  // Chunks are concatenated at the end: the rows exist twice for a moment.
  const rowsHeld = (n: number): number => (n > 1 ? 2 : 1) * jacobianBytes;
  return {
    mode: typeof program === 'string' ? 'plain' : 'analysis',
    classesAnalysed,
    inputSize,
    jacobianBytes,
    classesPerChunk,
    chunks,
    activationBytes,
    totalBytes: rowsHeld(chunks) + activationBytes,
    minimumBytes: rowsHeld(classesAnalysed) + memory.fixedBytes + memory.bytesPerRow,
    bufferLimitBytes,
    largestTensorBytes: Math.max(jacobianBytes, classesPerChunk * memory.largestTensorBytesPerRow),
  };
}

const inMiB = (bytes: number): string => (bytes >= GIB ? `${(bytes / GIB).toFixed(2)} GiB` : `${Math.ceil(bytes / 1024 ** 2)} MiB`);

/** An analysis refused before it started because its memory cannot fit; the message carries the estimate. */
export class JacobianMemoryError extends Error {
  constructor(
    message: string,
    readonly estimate: JacobianMemoryEstimate,
  ) {
    super(message);
    this.name = 'JacobianMemoryError';
  }
}

/**
 * Throws JacobianMemoryError when no chunking fits: the Jacobian as one tensor beyond the backend's
 * per-buffer limit, or the least the analysis needs beyond what the backend can hold.
 */
export function assertJacobianFits(estimate: JacobianMemoryEstimate, totalLimitBytes = backendTotalLimitBytes()): void {
  const rows = `${estimate.classesAnalysed} class${estimate.classesAnalysed === 1 ? '' : 'es'} × ${estimate.inputSize} inputs`;
  if (estimate.jacobianBytes > estimate.bufferLimitBytes) {
    throw new JacobianMemoryError(
      `the Jacobian (${rows}) needs ${inMiB(estimate.jacobianBytes)} in one buffer, more than this backend's largest buffer (${inMiB(estimate.bufferLimitBytes)}); analyse fewer classes (top-m) or a smaller input`,
      estimate,
    );
  }
  if (estimate.minimumBytes > totalLimitBytes) {
    throw new JacobianMemoryError(
      `the Jacobian (${rows}) needs at least ${inMiB(estimate.minimumBytes)} (estimated ${inMiB(estimate.totalBytes)} as planned), more than this backend can hold (${inMiB(totalLimitBytes)}); use a smaller input or fewer classes`,
      estimate,
    );
  }
}
