// wasm has no DepthwiseConv2dNativeBackpropInput (tensorflow/tfjs#8474), so the input gradient of any
// depthwise or separable conv fails. Depthwise layers are rare in our models: the cpu kernel is enough.
import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { routeThroughCpu } from './routeThroughCpu';

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = routeThroughCpu(DepthwiseConv2dNativeBackpropInput);
