import { reduceChannels } from './channelReduction';

/**
 * The iFIM's own pixel maps, for comparison with attribution methods. They describe local
 * sensitivity, not attribution (METHOD: "What it is, and what it is not"):
 * - `|v_1|`: the pixel-wise magnitude of the most sensitive direction;
 * - `|x_high(k)|`: the magnitude of the image's part inside span(v_1 … v_k).
 * Channels are combined by the Euclidean norm, the pixel's share of the vector's length.
 */
export function leadingModeMap(imageEigenvectors: ArrayLike<number>, inputSize: number, channels: number, mode = 0): Float32Array {
  if ((mode + 1) * inputSize > imageEigenvectors.length) throw new RangeError(`mode ${mode} is not among the computed modes`);
  const v = new Float64Array(inputSize);
  for (let t = 0; t < inputSize; t++) v[t] = imageEigenvectors[mode * inputSize + t];
  return reduceChannels(v, channels, 'l2');
}

export function highComponentMap(xHigh: ArrayLike<number>, channels: number): Float32Array {
  return reduceChannels(xHigh, channels, 'l2');
}
