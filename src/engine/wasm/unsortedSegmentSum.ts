// wasm has no UnsortedSegmentSum (tensorflow/tfjs#8474); it is the gradient of gather (embeddings,
// tf.gather on activations). Rare in image classifiers: the cpu kernel is enough.
import { UnsortedSegmentSum } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { routeThroughCpu } from './routeThroughCpu';

export const unsortedSegmentSumConfig: KernelConfig = routeThroughCpu(UnsortedSegmentSum);
