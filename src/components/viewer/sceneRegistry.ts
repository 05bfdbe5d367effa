import type { SceneContext } from '../../render';
import { drawScene } from '../../render';
import type { AppState, AppStore } from '../../store';
import type { LayerCache } from './layerCache';
import { createLayerCache } from './layerCache';
import type { SceneBuilder } from './scenes';
import { scrubbableRasters } from './scenes';

/**
 * The image panels' drawing, outside React (zustand transient updates): one store subscription
 * redraws every registered canvas when a field it draws from changes. A scrub (i or k) is timed
 * from the first drawImage to the last — all four panels — and logged as `scrub`
 * (window.ifim.state().timingsMs.scrub).
 */
export interface RegisteredCanvas {
  readonly canvas: HTMLCanvasElement;
  readonly build: SceneBuilder;
}

export interface SceneRegistry {
  register(entry: RegisteredCanvas): () => void;
  /** Redraws one canvas (after a resize) or all. */
  redraw(entry?: RegisteredCanvas): void;
  readonly cache: LayerCache;
}

/** The fields any scene reads; a change of any other field (phase, timings, walk…) draws nothing. */
const DRAWN_FROM = ['rasters', 'image', 'selectedMode', 'k', 'overlay', 'overlayOpacity', 'viewport', 'displayWindow', 'invert', 'imageView', 'showOutline', 'hover', 'theme', 'payload', 'panelWindows', 'windowLink', 'orientation', 'projections', 'showInsensitiveMap', 'regionFisher', 'showRoiDirection', 'analysisKey', 'colorMap', 'overlayThreshold'] as const;

export function createSceneRegistry(store: AppStore): SceneRegistry {
  const entries = new Set<RegisteredCanvas>();
  const cache = createLayerCache();

  const draw = (entry: RegisteredCanvas, state: AppState): void => {
    const { canvas } = entry;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return;
    const dpr = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
    const scene = entry.build(state, cache, dpr);
    canvas.dataset.empty = scene ? 'false' : 'true';
    if (!scene) {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      return;
    }
    drawScene(ctx as unknown as SceneContext, canvas.width, canvas.height, scene, state.viewport);
  };

  const drawAll = (state: AppState): number => {
    const t0 = performance.now();
    for (const e of entries) draw(e, state);
    return performance.now() - t0;
  };

  store.subscribe((state, prev) => {
    if (entries.size === 0) return;
    if (!DRAWN_FROM.some((key) => state[key] !== prev[key])) return;
    // New rasters: build every canvas a scrub may need now, so that a scrub is drawImage only.
    if (state.rasters !== prev.rasters) cache.prewarm(scrubbableRasters(state));
    const ms = drawAll(state);
    const scrubbed = (state.selectedMode !== prev.selectedMode || state.k !== prev.k) && state.rasters === prev.rasters;
    if (scrubbed) state.timingLog.record('scrub', ms);
  });

  return {
    cache,
    register(entry) {
      entries.add(entry);
      draw(entry, store.getState());
      return () => entries.delete(entry);
    },
    redraw(entry) {
      const state = store.getState();
      if (entry) draw(entry, state);
      else drawAll(state);
    },
  };
}
