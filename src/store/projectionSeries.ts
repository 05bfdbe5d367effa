// Direct imports, not the core index: the index also carries the metadata schema (zod), which
// the page itself never needs (the worker validates metadata).
import { fromModelSpace } from '../core/preprocess';
import { complementaryComponent, highSensitivitySeries } from '../core/projections';
import type { AnalysisPayload } from '../worker/protocol';

/**
 * x, x_high(k) and x_low(k) for k = 0 … modeCount, mapped back to display space through the
 * inverse normalisation (METHOD: "Projections"). Computed once per analysis so that scrubbing k
 * only picks an array.
 */
export interface ProjectionSeries {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly modeCount: number;
  readonly x: Float32Array;
  /** high[k] = x_high(k), k = 0 … modeCount. */
  readonly high: readonly Float32Array[];
  /** low[k] = x_low(k) = x − x_high(k). */
  readonly low: readonly Float32Array[];
  /** x_high(k) in model space (no normalisation undone): centred on 0, for |x_high(k)| overlays. */
  readonly highModelSpace: readonly Float32Array[];
}

export interface Normalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export function projectionSeries(payload: AnalysisPayload, normalisation: Normalisation | null): ProjectionSeries {
  const [height, width, channels] = payload.inputShape;
  const n = height * width * channels;
  const mean = normalisation?.mean ?? Array<number>(channels).fill(0);
  const std = normalisation?.std ?? Array<number>(channels).fill(1);
  const toDisplay = (modelSpace: ArrayLike<number>): Float32Array => fromModelSpace(modelSpace, channels, mean, std);
  const highModelSpace = highSensitivitySeries(payload.imageEigenvectors, payload.coefficients, n);
  return {
    width,
    height,
    channels,
    modeCount: payload.modeCount,
    x: toDisplay(payload.xModelSpace),
    high: highModelSpace.map(toDisplay),
    low: highModelSpace.map((h) => toDisplay(complementaryComponent(payload.xModelSpace, h))),
    highModelSpace: highModelSpace.map((h) => Float32Array.from(h)),
  };
}
