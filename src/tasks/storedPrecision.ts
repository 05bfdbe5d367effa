/**
 * Rounds generator output to the bit depth the samples are stored in (16-bit PNG for grayscale,
 * 8-bit for RGB), so that models train on exactly the values a user's file delivers.
 */
export function quantizeInPlace(images: Float32Array, channels: number): void {
  const levels = channels === 1 ? 65535 : 255;
  for (let i = 0; i < images.length; i++) images[i] = Math.round(Math.min(Math.max(images[i], 0), 1) * levels) / levels;
}

/** Per-channel mean and standard deviation of NHWC images. */
export function channelStatistics(images: Float32Array, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < images.length; i++) {
    sum[i % channels] += images[i];
    sumSq[i % channels] += images[i] * images[i];
  }
  const count = images.length / channels;
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(s / count - mean[c] * mean[c], 1e-12)));
  return { mean: mean.map((m) => Number(m.toPrecision(6))), std: std.map((s) => Number(s.toPrecision(6))) };
}

export function normalizeInPlace(images: Float32Array, mean: readonly number[], std: readonly number[]): void {
  const c = mean.length;
  for (let i = 0; i < images.length; i++) images[i] = (images[i] - mean[i % c]) / std[i % c];
}

/**
 * Seeds of the demo data sets: training, the recorded held-out evaluation, and the bundled samples.
 * Kept apart so that no evaluation ever sees a training image.
 */
export const TRAINING_SEED = 1;
export const HELD_OUT_SEED = 9001;
export const HELD_OUT_COUNT = 1000;
export const SAMPLES_SEED = 20261126;
