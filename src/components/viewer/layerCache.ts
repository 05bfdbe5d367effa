import type { DisplayWindow, RgbaRaster } from '../../render';
import type { ImageValues } from '../../render';
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
  /**
   * Values under a window in one reusable canvas per slot (a derived panel under a window the
   * user chose): rebuilt when the values or the window change, one putImageData per drag step.
   */
  windowedValues(slot: string, values: ImageValues, window: DisplayWindow): HTMLCanvasElement;
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
  const slots = new Map<string, { data: ImageValues['data']; low: number; high: number; canvas: HTMLCanvasElement }>();
  return {
    canvasOf,
    windowedValues(slot, values, window) {
      const last = slots.get(slot);
      if (last && last.data === values.data && last.low === window.low && last.high === window.high) return last.canvas;
      const raster = imageToRaster(values, window);
      const canvas = last?.canvas ?? document.createElement('canvas');
      if (canvas.width !== raster.width) canvas.width = raster.width;
      if (canvas.height !== raster.height) canvas.height = raster.height;
      canvas.getContext('2d')?.putImageData(new ImageData(raster.data, raster.width, raster.height), 0, 0);
      slots.set(slot, { data: values.data, low: window.low, high: window.high, canvas });
      return canvas;
    },
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
