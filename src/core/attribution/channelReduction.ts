/**
 * From a per-value map (H×W×Ch, as the input) to one value per pixel (H×W).
 * - `max-abs`: the largest |value| over channels (Simonyan et al. 2014, gradient saliency);
 * - `sum`: the signed sum over channels (Integrated Gradients: keeps completeness);
 * - `l2`: the Euclidean norm over channels (iFIM modes: the length of the pixel's part of v).
 */
export type ChannelReduction = 'max-abs' | 'sum' | 'l2';

export function reduceChannels(values: ArrayLike<number>, channels: number, mode: ChannelReduction): Float32Array {
  const pixels = Math.floor(values.length / channels);
  if (pixels * channels !== values.length) throw new RangeError(`${values.length} values are not a whole number of ${channels}-channel pixels`);
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c];
      if (mode === 'max-abs') acc = Math.max(acc, Math.abs(v));
      else if (mode === 'sum') acc += v;
      else acc += v * v;
    }
    out[p] = mode === 'l2' ? Math.sqrt(acc) : acc;
  }
  return out;
}
