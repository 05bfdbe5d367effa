import type { UnitImage } from '../../core';
import type { DicomImage, IntensityPolicy } from './types';

/**
 * From a frame's rescaled values (HU for CT) to the [0, 1] intensities the models and the canvas
 * take: a VOI window, the frame's own min–max or percentile range, or the stored bits' full range.
 */

/** The file's first window when it has one; else 1st–99th percentile (grayscale) or the full range (colour). */
export function defaultIntensityPolicy(image: DicomImage): IntensityPolicy {
  const preset = image.windowPresets[0];
  if (image.channels === 1 && preset) return { kind: 'window', center: preset.center, width: preset.width };
  return image.channels === 1 ? { kind: 'percentile', low: 1, high: 99 } : { kind: 'full' };
}

/** Percentile with linear interpolation between order statistics (numpy's default). */
function percentile(sorted: Float32Array, p: number): number {
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function extent(values: Float32Array): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/** A value → [0, 1] mapping for the policy, over this frame's values. */
export function intensityMapping(image: DicomImage, values: Float32Array, policy: IntensityPolicy): (v: number) => number {
  const linear = (low: number, high: number) => (v: number) => (high > low ? Math.min(1, Math.max(0, (v - low) / (high - low))) : v > low ? 1 : 0);
  switch (policy.kind) {
    case 'window': {
      const c = policy.center;
      const w = Math.max(1, policy.width);
      const fn = image.tags.voiLutFunction?.toUpperCase();
      if (fn === 'SIGMOID') return (v) => 1 / (1 + Math.exp((-4 * (v - c)) / w));
      if (fn === 'LINEAR_EXACT') return linear(c - w / 2, c + w / 2);
      // PS3.3 C.11.2.1.2.1, the default LINEAR function: note the −0.5 and w − 1.
      const low = c - 0.5 - (w - 1) / 2;
      const high = c - 0.5 + (w - 1) / 2;
      return (v) => (v <= low ? 0 : v > high ? 1 : (v - (c - 0.5)) / (w - 1) + 0.5);
    }
    case 'minmax': {
      const [low, high] = extent(values);
      return linear(low, high);
    }
    case 'percentile': {
      const sorted = Float32Array.from(values).sort();
      return linear(percentile(sorted, policy.low), percentile(sorted, policy.high));
    }
    case 'full':
      return linear(image.rescaledRange[0], image.rescaledRange[1]);
  }
}

/**
 * One frame as the app's UnitImage. MONOCHROME1 is inverted here, so that bright always means a
 * high value on screen and in the model input, whatever the file's convention.
 */
export function frameToUnitImage(image: DicomImage, frameIndex = 0, policy: IntensityPolicy = defaultIntensityPolicy(image)): UnitImage {
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= image.frames) {
    throw new RangeError(`frame ${frameIndex} does not exist; the image has ${image.frames} frame(s)`);
  }
  const values = image.frameData[frameIndex];
  const map = intensityMapping(image, values, policy);
  const data = new Float32Array(values.length);
  const invert = image.invertForDisplay;
  for (let i = 0; i < values.length; i++) data[i] = invert ? 1 - map(values[i]) : map(values[i]);
  return { width: image.width, height: image.height, channels: image.channels, data };
}
