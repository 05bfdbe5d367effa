import * as tf from '@tensorflow/tfjs';
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
    const device = (tf.backend() as unknown as { device?: { limits?: { maxStorageBufferBindingSize?: number } } }).device;
    return device?.limits?.maxStorageBufferBindingSize ?? 128 * 1024 * 1024;
  }
  if (name === 'webgl') {
    const size = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return size > 0 ? size * size * 4 : 256 * 1024 * 1024;
  }
  if (name === 'wasm') return GIB;
  return 2 * GIB;
}

export interface JacobianMemoryEstimate {
  readonly classesAnalysed: number;
  /** N = H·W·Ch. */
  readonly inputSize: number;
  /** The Jacobian itself: classesAnalysed × N × 4 bytes (float32), on the device and read back once. */
  readonly jacobianBytes: number;
  /** Class copies per backward pass within the budget and the backend's buffer limit. */
  readonly classesPerChunk: number;
  readonly chunks: number;
  /** Activations and their gradients for one chunk of copies. */
  readonly activationBytes: number;
  /** jacobianBytes + activationBytes: the peak to expect. */
  readonly totalBytes: number;
  readonly bufferLimitBytes: number;
}

/**
 * What a Jacobian over `classesAnalysed` rows costs: C × N × 4 bytes plus the activations of one
 * chunk of tiled copies (measured per copy when the model was loaded). `budgetBytes` is the
 * activation budget the analysis uses (analyzeImage's jacobianBudgetBytes).
 */
export function jacobianMemoryEstimate(classifier: Classifier, classesAnalysed = classifier.info.classes.length, budgetBytes = 512 * 1024 * 1024): JacobianMemoryEstimate {
  const [h, w, c] = classifier.info.inputShape;
  const inputSize = h * w * c;
  const { bytesPerCopy, largestTensorBytesPerCopy } = classifier.info.memory;
  const bufferLimitBytes = backendBufferLimitBytes();
  const byBudget = Math.floor(budgetBytes / Math.max(bytesPerCopy, 1));
  const byBuffer = Math.floor(bufferLimitBytes / Math.max(largestTensorBytesPerCopy, 1));
  const classesPerChunk = Math.max(1, Math.min(classesAnalysed, byBudget, byBuffer));
  const jacobianBytes = classesAnalysed * inputSize * 4;
  const activationBytes = classesPerChunk * bytesPerCopy;
  return {
    classesAnalysed,
    inputSize,
    jacobianBytes,
    classesPerChunk,
    chunks: Math.ceil(classesAnalysed / classesPerChunk),
    activationBytes,
    totalBytes: jacobianBytes + activationBytes,
    bufferLimitBytes,
  };
}
