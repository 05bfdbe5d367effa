import type { DisplayWindow, DivergingMapId, RgbaRaster } from '../render';
import {
  DIVERGING_MAPS,
  imageToRaster,
  magnitudeOverlayRaster,
  ownWindow,
  perPixelMagnitude,
  perPixelSum,
  rangeWindow,
  signedOverlayRaster,
  signedToRaster,
  symmetricLimit,
} from '../render';
import type { AnalysisPayload } from '../worker/protocol';
import type { ProjectionSeries } from './projectionSeries';

/**
 * Every picture a scrub can show, built once per analysis: v_i for each mode (panel and overlay),
 * x_high(k) and x_low(k) for each k (panel) and |x_high(k)| (overlay). Scrubbing i or k then only
 * picks one of them (METHOD: "scrubbing k needs no recomputation"). A new colour map or threshold
 * rebuilds the colour rasters from the kept per-pixel fields, without touching the analysis.
 */

/** Share of |v| values inside the colour range; the rest saturate at the ends. */
export const FIELD_LIMIT_QUANTILE = 0.99;

export interface OverlaySettings {
  readonly colorMap: DivergingMapId;
  readonly threshold: number;
}

export interface ModeRasters {
  /** One signed value per pixel (channels summed), model resolution. */
  readonly field: Float64Array;
  /** Half-width of the symmetric colour range: the 99th percentile of |v|. */
  readonly limit: number;
  readonly panel: RgbaRaster;
  readonly overlay: RgbaRaster;
}

export interface ComponentRasters {
  /** x_high(k) in its own window (1st–99th percentile of its values). */
  readonly high: RgbaRaster;
  readonly highWindow: DisplayWindow;
  /** x_low(k) in its own window; the shared option draws it in `lowWindow` (the window of x). */
  readonly low: RgbaRaster;
  readonly lowOwnWindow: DisplayWindow;
  /** |x_high(k)| per pixel in model space. */
  readonly magnitude: Float64Array;
  readonly magnitudeLimit: number;
  readonly overlay: RgbaRaster;
}

export interface DisplayRasters {
  readonly width: number;
  readonly height: number;
  readonly settings: OverlaySettings;
  readonly modes: readonly ModeRasters[];
  /** Index k = 0 … modeCount. */
  readonly components: readonly ComponentRasters[];
  /** The window of x (its full range): the shared window of x, x_high(k) and x_low(k). */
  readonly lowWindow: DisplayWindow;
  /** The model input x as the model saw it (display space), under its own range. */
  readonly modelInput: RgbaRaster;
  readonly modelInputWindow: DisplayWindow;
}

export function buildDisplayRasters(payload: AnalysisPayload, series: ProjectionSeries, settings: OverlaySettings): DisplayRasters {
  const [height, width, channels] = payload.inputShape;
  const n = height * width * channels;
  const map = DIVERGING_MAPS[settings.colorMap];
  const modes: ModeRasters[] = [];
  for (let i = 0; i < payload.modeCount; i++) {
    const vector = payload.imageEigenvectors.subarray(i * n, (i + 1) * n);
    const field = channels === 1 ? Float64Array.from(vector) : perPixelSum({ width, height, channels, data: vector });
    const limit = symmetricLimit(field, FIELD_LIMIT_QUANTILE);
    modes.push({ field, limit, panel: signedToRaster(field, width, height, limit, map), overlay: signedOverlayRaster(field, width, height, limit, settings.threshold, map) });
  }
  const lowWindow = rangeWindow(series.x);
  const components: ComponentRasters[] = series.high.map((high, k) => {
    const highWindow = ownWindow(high);
    const lowOwnWindow = ownWindow(series.low[k]);
    const magnitude = perPixelMagnitude({ width, height, channels, data: series.highModelSpace[k] });
    const magnitudeLimit = symmetricLimit(magnitude, FIELD_LIMIT_QUANTILE);
    return {
      high: imageToRaster({ width, height, channels, data: high }, highWindow),
      highWindow,
      low: imageToRaster({ width, height, channels, data: series.low[k] }, lowOwnWindow),
      lowOwnWindow,
      magnitude,
      magnitudeLimit,
      overlay: magnitudeOverlayRaster(magnitude, width, height, magnitudeLimit, settings.threshold),
    };
  });
  return {
    width,
    height,
    settings,
    modes,
    components,
    lowWindow,
    modelInput: imageToRaster({ width, height, channels, data: series.x }, lowWindow),
    modelInputWindow: lowWindow,
  };
}

/** The same rasters under another colour map or threshold: only the colour layers are rebuilt. */
export function withOverlaySettings(rasters: DisplayRasters, settings: OverlaySettings): DisplayRasters {
  if (rasters.settings.colorMap === settings.colorMap && rasters.settings.threshold === settings.threshold) return rasters;
  const { width, height } = rasters;
  const map = DIVERGING_MAPS[settings.colorMap];
  const mapChanged = rasters.settings.colorMap !== settings.colorMap;
  return {
    ...rasters,
    settings,
    modes: rasters.modes.map((m) => ({
      ...m,
      panel: mapChanged ? signedToRaster(m.field, width, height, m.limit, map) : m.panel,
      overlay: signedOverlayRaster(m.field, width, height, m.limit, settings.threshold, map),
    })),
    components:
      rasters.settings.threshold === settings.threshold
        ? rasters.components
        : rasters.components.map((c) => ({ ...c, overlay: magnitudeOverlayRaster(c.magnitude, width, height, c.magnitudeLimit, settings.threshold) })),
  };
}
