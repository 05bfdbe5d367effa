import type { DisplayWindow, RgbaRaster } from '../../render';
import { imageToRaster, rasterToCanvas } from '../../render';
import type { RawImage } from '../../store';

/**
 * Canvases for rasters, built once and drawn many times. A scrub picks a pre-built raster; its
 * canvas is looked up here (built on first use, or ahead of time by `prewarm`), so the redraw is
 * drawImage only.
 */
export interface LayerCache {
  canvasOf(raster: RgbaRaster): HTMLCanvasElement;
  /** The original image under a window (and inversion): rebuilt only when one of them changes. */
  windowedImage(raw: RawImage, window: DisplayWindow, invert: boolean): HTMLCanvasElement;
  prewarm(rasters: Iterable<RgbaRaster>): void;
}

export function createLayerCache(): LayerCache {
  const canvases = new WeakMap<RgbaRaster, HTMLCanvasElement>();
  let windowed: { raw: RawImage; low: number; high: number; invert: boolean; canvas: HTMLCanvasElement } | null = null;
  const canvasOf = (raster: RgbaRaster): HTMLCanvasElement => {
    let canvas = canvases.get(raster);
    if (!canvas) {
      canvas = rasterToCanvas(raster);
      canvases.set(raster, canvas);
    }
    return canvas;
  };
  return {
    canvasOf,
    windowedImage(raw, window, invert) {
      if (windowed && windowed.raw === raw && windowed.low === window.low && windowed.high === window.high && windowed.invert === invert) return windowed.canvas;
      const raster = imageToRaster(raw, window, invert);
      // Reuse the canvas while the window is dragged: one putImageData per pointer move.
      const canvas = windowed?.raw === raw ? windowed.canvas : document.createElement('canvas');
      if (canvas.width !== raster.width) canvas.width = raster.width;
      if (canvas.height !== raster.height) canvas.height = raster.height;
      canvas.getContext('2d')?.putImageData(new ImageData(raster.data, raster.width, raster.height), 0, 0);
      windowed = { raw, low: window.low, high: window.high, invert, canvas };
      return canvas;
    },
    prewarm(rasters) {
      for (const r of rasters) canvasOf(r);
    },
  };
}
