import type { RgbaRaster, Scene, SceneLayer } from '../../render';
import type { AppState } from '../../store';
import { activeWindow, effectiveK, effectiveMode, panelWindow } from '../../store';
import { THEMES, VIEWER } from '../viewConfig';
import { analysisWarnings } from '../warnings';
import type { LayerCache } from './layerCache';
import { roiDirectionOverlay } from '../beyond/roiDirectionOverlay';

/**
 * What each image panel draws, as a function of the state: which pre-built layers, the outline,
 * the crosshair. Picking, not computing: these run on every scrub step.
 */
export type SceneBuilder = (state: AppState, cache: LayerCache, devicePixelRatio: number) => Scene | null;

const layer = (cache: LayerCache, raster: RgbaRaster, alpha?: number): SceneLayer => ({ source: cache.canvasOf(raster), width: raster.width, height: raster.height, alpha });

/** Every panel shows the image's geometry: the model input is a resize of the whole frame. */
export function aspectOf(s: AppState): number {
  if (s.image) return s.image.raw.width / s.image.raw.height;
  if (s.rasters) return s.rasters.width / s.rasters.height;
  return 1;
}

function marks(s: AppState, dpr: number): Pick<Scene, 'outline' | 'crosshair' | 'orientation'> {
  const colors = THEMES[s.theme];
  const truth = s.image?.groundTruth;
  return {
    outline: s.showOutline && truth ? { segments: truth.outline, color: colors.outline, lineWidth: VIEWER.outlineWidthCssPx * dpr } : null,
    crosshair: s.hover ? { u: s.hover.u, v: s.hover.v, color: colors.crosshair, size: VIEWER.crosshairRadiusCssPx * dpr } : null,
    orientation: s.orientation,
  };
}

/** The image (original, windowed; or the model input) with the chosen overlay. */
export const imageScene: SceneBuilder = (s, cache, dpr) => {
  const r = s.rasters;
  const image = s.image;
  const window = activeWindow(s);
  let base: SceneLayer | null = null;
  if ((s.imageView === 'model' || !image || !window) && r) {
    const w = panelWindow(s, 'input');
    base = w && w !== r.modelInputWindow && s.projections ? windowed(cache, 'input', s, s.projections.x, w) : layer(cache, r.modelInput);
  }
  else if (image && window) base = { source: cache.windowedImage(image.raw, window, s.invert), width: image.raw.width, height: image.raw.height };
  if (!base) return null;
  const layers: SceneLayer[] = [base];
  // The ROI's leading direction, when shown, takes the overlay's place (beyond/roiDirectionOverlay).
  const roi = roiDirectionOverlay(s);
  if (roi) layers.push(layer(cache, roi.raster, s.overlayOpacity));
  else if (r && s.overlay === 'mode') {
    const mode = effectiveMode(s);
    if (mode !== null && r.modes[mode]) layers.push(layer(cache, r.modes[mode].overlay, s.overlayOpacity));
  } else if (r && s.overlay === 'high') {
    const c = r.components[effectiveK(s)];
    if (c) layers.push(layer(cache, c.overlay, s.overlayOpacity));
  }
  return { background: THEMES[s.theme].canvas, aspect: aspectOf(s), layers, ...marks(s, dpr) };
};

/** A derived panel's values under a window that is not its pre-built one. */
function windowed(cache: LayerCache, slot: string, s: AppState, data: Float32Array, window: NonNullable<ReturnType<typeof panelWindow>>): SceneLayer {
  const r = s.rasters!;
  const values = { width: r.width, height: r.height, channels: s.payload?.inputShape[2] ?? 1, data };
  return { source: cache.windowedValues(slot, values, window), width: r.width, height: r.height };
}

/** The model is nearly insensitive here: v_i would be stretched noise, shown only on request. */
export function hidesInsensitiveMap(s: AppState): boolean {
  return !s.showInsensitiveMap && analysisWarnings(s).some((w) => w.code === 'insensitive-model');
}

export const modeScene: SceneBuilder = (s, cache, dpr) => {
  const mode = effectiveMode(s);
  const m = mode === null ? null : s.rasters?.modes[mode];
  if (!m || hidesInsensitiveMap(s)) return null;
  return { background: THEMES[s.theme].canvas, aspect: aspectOf(s), layers: [layer(cache, m.panel)], ...marks(s, dpr) };
};

export const highScene: SceneBuilder = (s, cache, dpr) => {
  const k = effectiveK(s);
  const c = s.rasters?.components[k];
  const w = panelWindow(s, 'high');
  if (!c || !w) return null;
  const base = w === c.highWindow || !s.projections ? layer(cache, c.high) : windowed(cache, 'high', s, s.projections.high[k], w);
  return { background: THEMES[s.theme].canvas, aspect: aspectOf(s), layers: [base], ...marks(s, dpr) };
};

export const lowScene: SceneBuilder = (s, cache, dpr) => {
  const k = effectiveK(s);
  const c = s.rasters?.components[k];
  const w = panelWindow(s, 'low');
  if (!c || !w) return null;
  const base = w === c.lowOwnWindow || !s.projections ? layer(cache, c.low) : windowed(cache, 'low', s, s.projections.low[k], w);
  return { background: THEMES[s.theme].canvas, aspect: aspectOf(s), layers: [base], ...marks(s, dpr) };
};

/** Every raster a scrub might pick, for building their canvases ahead of the first scrub. */
export function scrubbableRasters(s: AppState): RgbaRaster[] {
  const r = s.rasters;
  if (!r) return [];
  return [r.modelInput, ...r.modes.flatMap((m) => [m.panel, m.overlay]), ...r.components.flatMap((c) => [c.high, c.low, c.overlay])];
}
