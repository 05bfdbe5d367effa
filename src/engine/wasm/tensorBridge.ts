// Lets a wasm kernel be written with ordinary tf ops: kernel inputs arrive as bare
// TensorInfos (a data id the caller owns) and the kernel must hand back a TensorInfo
// whose data the engine will own.
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Wraps a kernel input as a Tensor. The data id is incRef'd first: the wrapper is
 * disposed when the kernel ends, and without the extra reference that dispose would
 * free the caller's buffer.
 */
export function wrapInput<R extends tf.Rank>(backend: BackendWasm, info: TensorInfo): tf.Tensor<R> {
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

/**
 * Turns a tensor computed inside a kernel into the kernel's output. The extra
 * reference keeps the buffer alive once the tensor itself is disposed; the engine then
 * wraps the returned TensorInfo in the tensor the caller sees.
 */
export function releaseAsOutput(backend: BackendWasm, result: tf.Tensor): TensorInfo {
  backend.incRef(result.dataId);
  const info: TensorInfo = { dataId: result.dataId, shape: result.shape.slice(), dtype: result.dtype };
  result.dispose();
  return info;
}
