// wasm has no DepthwiseConv2dNativeBackpropFilter (tensorflow/tfjs#8474). A depthwise conv with a
// linear activation runs fused, and the fused op's gradient asks for dFilter even when only the
// input gradient is wanted. Depthwise layers are rare in our models: the cpu kernel is enough.
import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { routeThroughCpu } from './routeThroughCpu';

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = routeThroughCpu(DepthwiseConv2dNativeBackpropFilter);
