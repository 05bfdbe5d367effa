/**
 * An RGBA pixel buffer with the layout of the DOM's ImageData, as a plain record so the drawing
 * code runs (and is tested) without a DOM.
 */
export interface RgbaRaster {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major, straight (non-premultiplied) alpha. */
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

export function emptyRaster(width: number, height: number): RgbaRaster {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/** Sets pixel p to entry `entry` of a colour lookup table (RGB triples), fully opaque. */
export function setOpaqueFromLut(data: Uint8ClampedArray, p: number, lut: ArrayLike<number>, entry: number): void {
  const i = entry * 3;
  data[p * 4] = lut[i];
  data[p * 4 + 1] = lut[i + 1];
  data[p * 4 + 2] = lut[i + 2];
  data[p * 4 + 3] = 255;
}

/** Draws a raster onto a canvas at its native size; CSS scales it (image-rendering: pixelated). */
export function paintRaster(canvas: HTMLCanvasElement, raster: RgbaRaster | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!raster) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    return;
  }
  if (canvas.width !== raster.width) canvas.width = raster.width;
  if (canvas.height !== raster.height) canvas.height = raster.height;
  ctx.putImageData(new ImageData(raster.data, raster.width, raster.height), 0, 0);
}

/** A raster as a canvas of its own size, ready for drawImage (built once, drawn many times). */
export function rasterToCanvas(raster: RgbaRaster): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  paintRaster(canvas, raster);
  return canvas;
}
