import { resizeImage } from '../preprocess';

/**
 * Grad-CAM (Selvaraju et al. 2017, ICCV, eqs. 1–2): with activations A (h×w×K) of a convolutional
 * layer and the gradient of the target logit with respect to them, α_k = mean over positions of
 * ∂z/∂A_k and the map is ReLU(Σ_k α_k A_k), upsampled bilinearly (half-pixel centres, as the
 * model's own preprocessing) to the input's H×W.
 */
export function gradCamMap(
  activations: ArrayLike<number>,
  gradients: ArrayLike<number>,
  shape: readonly [number, number, number],
  outputHeight: number,
  outputWidth: number,
): { map: Float32Array; coarse: Float32Array; channelWeights: Float64Array } {
  const [h, w, k] = shape;
  if (activations.length !== h * w * k || gradients.length !== h * w * k) throw new RangeError(`activations and gradients must hold ${h}×${w}×${k} values`);
  const channelWeights = new Float64Array(k);
  for (let p = 0; p < h * w; p++) for (let c = 0; c < k; c++) channelWeights[c] += gradients[p * k + c];
  for (let c = 0; c < k; c++) channelWeights[c] /= h * w;
  const coarse = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += channelWeights[c] * activations[p * k + c];
    coarse[p] = Math.max(s, 0);
  }
  const map = resizeImage({ width: w, height: h, channels: 1, data: coarse }, outputHeight, outputWidth, 'bilinear').data;
  return { map, coarse, channelWeights };
}
