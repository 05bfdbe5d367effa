/**
 * Zoom and pan shared by every image panel. The view is stated in normalised image coordinates
 * (u, v) ∈ [0, 1]² — the fraction of the way across and down the image — not in pixels, so one
 * viewport fits panels of different resolutions: the original image (e.g. 512×512) and the model
 * input (e.g. 64×64) show the same anatomy at the same place, because preprocessing resizes the
 * whole frame (no crop).
 */
export interface Viewport {
  /** 1 = the whole image fits the panel. */
  readonly zoom: number;
  /** The image point shown at the panel's centre. */
  readonly centerX: number;
  readonly centerY: number;
}

export const FIT_VIEWPORT: Viewport = { zoom: 1, centerX: 0.5, centerY: 0.5 };
export const ZOOM_LIMITS = { min: 0.5, max: 64 } as const;

/** Where the image lands on a canvas: its top-left corner and size, in canvas pixels. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The image (of width/height ratio `aspect`) fitted to the canvas, then zoomed and panned. */
export function placeContent(canvasWidth: number, canvasHeight: number, aspect: number, viewport: Viewport): Placement {
  const safeAspect = aspect > 0 && Number.isFinite(aspect) ? aspect : 1;
  const fitWidth = Math.min(canvasWidth, canvasHeight * safeAspect);
  const fitHeight = fitWidth / safeAspect;
  const width = fitWidth * viewport.zoom;
  const height = fitHeight * viewport.zoom;
  return { x: canvasWidth / 2 - viewport.centerX * width, y: canvasHeight / 2 - viewport.centerY * height, width, height };
}

/** Canvas pixel → normalised image coordinates (outside [0, 1] when off the image). */
export function canvasToImage(placement: Placement, px: number, py: number): { u: number; v: number } {
  return { u: (px - placement.x) / placement.width, v: (py - placement.y) / placement.height };
}

export function imageToCanvas(placement: Placement, u: number, v: number): { x: number; y: number } {
  return { x: placement.x + u * placement.width, y: placement.y + v * placement.height };
}

export function clampViewport(viewport: Viewport): Viewport {
  const clamp = (x: number, lo: number, hi: number): number => (Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : (lo + hi) / 2);
  return {
    zoom: clamp(viewport.zoom, ZOOM_LIMITS.min, ZOOM_LIMITS.max),
    // The image may be pushed until its edge reaches the centre, no further.
    centerX: clamp(viewport.centerX, 0, 1),
    centerY: clamp(viewport.centerY, 0, 1),
  };
}

/** Zooms by `factor`, keeping the image point (u, v) where it is on screen. */
export function zoomAbout(viewport: Viewport, factor: number, u: number, v: number): Viewport {
  const zoom = Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, viewport.zoom * factor));
  const ratio = viewport.zoom / zoom;
  return clampViewport({ zoom, centerX: u - (u - viewport.centerX) * ratio, centerY: v - (v - viewport.centerY) * ratio });
}

/** Moves the image by (dx, dy) canvas pixels on a panel where it is placed as `placement`. */
export function panByPixels(viewport: Viewport, placement: Placement, dx: number, dy: number): Viewport {
  return clampViewport({ ...viewport, centerX: viewport.centerX - dx / placement.width, centerY: viewport.centerY - dy / placement.height });
}

/** The pixel (column, row) of a width×height grid under (u, v), or null outside it. */
export function pixelAt(u: number, v: number, width: number, height: number): { col: number; row: number } | null {
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return null;
  return { col: Math.min(width - 1, Math.floor(u * width)), row: Math.min(height - 1, Math.floor(v * height)) };
}
