// Replaces wasm's MaxPoolWithArgmax, which starts every window's maximum at FLT_MIN (the smallest
// positive float) instead of −∞: a window of negative values or zeros returns the wrong maximum
// and index 0. The analysis mode finds max-pooling winners with it, once per image at batch 1,
// so the cpu kernel is fast enough.
import { MaxPoolWithArgmax } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { routeThroughCpu } from './routeThroughCpu';

export const maxPoolWithArgmaxConfig: KernelConfig = routeThroughCpu(MaxPoolWithArgmax);
