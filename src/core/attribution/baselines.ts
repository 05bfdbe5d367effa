import { gaussianBlur } from './gaussianBlur';

/**
 * Reference images for Integrated Gradients and the deletion/insertion curves, in model input
 * space. "Black" is intensity 0 through the model's normalisation, (0 − mean_c) / std_c, not the
 * model-space 0 (which is the training mean). The blurred baseline follows Sturmfels et al. 2020,
 * "Visualizing the Impact of Feature Attribution Baselines" (Distill): the image with its detail
 * removed but its coarse intensity kept.
 */
export function blackBaseline(pixels: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const channels = mean.length;
  const out = new Float32Array(pixels * channels);
  for (let i = 0; i < out.length; i++) out[i] = -mean[i % channels] / std[i % channels];
  return out;
}

/** Default blur: σ = max(H, W) / 8 pixels, coarse enough to remove lesions and texture. */
export function defaultBlurSigma(height: number, width: number): number {
  return Math.max(height, width) / 8;
}

export function blurredBaseline(x: ArrayLike<number>, height: number, width: number, channels: number, sigma = defaultBlurSigma(height, width)): Float32Array {
  return gaussianBlur(x, height, width, channels, sigma);
}

/** A constant image (each channel its own value), e.g. the model-space 0 = training mean. */
export function constantBaseline(pixels: number, values: readonly number[]): Float32Array {
  const out = new Float32Array(pixels * values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[i % values.length];
  return out;
}
