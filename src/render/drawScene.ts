import type { Orientation } from './orientation';
import { frameTransform, placeOriented, UPRIGHT } from './orientation';
import type { Placement, Viewport } from './viewport';
import { imageToCanvas } from './viewport';

/**
 * One panel's drawing: pre-built layers (the image, an overlay) placed under the shared viewport,
 * then vector marks (the ground-truth outline, the hover crosshair). Nothing here computes pixel
 * values: scrubbing swaps which pre-built layer is drawn, so a redraw is a few drawImage calls.
 */

/** The part of CanvasRenderingContext2D this uses (tests pass a recorder). */
export type SceneContext = Pick<
  CanvasRenderingContext2D,
  'fillRect' | 'drawImage' | 'save' | 'restore' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'setLineDash' | 'transform'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  globalAlpha: number;
  lineWidth: number;
  imageSmoothingEnabled: boolean;
};

export interface SceneLayer {
  /** A canvas or bitmap holding the layer at its own resolution; it covers the whole image. */
  readonly source: CanvasImageSource;
  readonly width: number;
  readonly height: number;
  /** 0…1, default 1. */
  readonly alpha?: number;
}

export interface Scene {
  readonly background: string;
  /** Width / height of the image as displayed (the original image's). */
  readonly aspect: number;
  readonly layers: readonly SceneLayer[];
  /** Segments in normalised image coordinates (maskOutlineSegments). */
  readonly outline?: { readonly segments: Float32Array; readonly color: string; readonly lineWidth: number } | null;
  /** A marker at the hovered image point, so the same spot is visible on every panel. */
  readonly crosshair?: { readonly u: number; readonly v: number; readonly color: string; readonly size: number } | null;
  /** Rotation and flips (default upright). */
  readonly orientation?: Orientation;
}

export function drawScene(ctx: SceneContext, canvasWidth: number, canvasHeight: number, scene: Scene, viewport: Viewport): Placement {
  const orientation = scene.orientation ?? UPRIGHT;
  // Placement in the upright frame; the canvas transform turns and flips the frame.
  const placement = placeOriented(canvasWidth, canvasHeight, scene.aspect, viewport, orientation);
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.fillStyle = scene.background;
  ctx.fillRect(0, 0, canvasWidth, canvasHeight);
  ctx.transform(...frameTransform(canvasWidth, canvasHeight, orientation));
  // Pixels stay square blocks when zoomed: a radiology viewer shows the data, not an interpolation.
  ctx.imageSmoothingEnabled = false;
  for (const layer of scene.layers) {
    const alpha = layer.alpha ?? 1;
    if (!(alpha > 0)) continue;
    ctx.globalAlpha = Math.min(1, alpha);
    ctx.drawImage(layer.source, 0, 0, layer.width, layer.height, placement.x, placement.y, placement.width, placement.height);
  }
  ctx.globalAlpha = 1;
  const outline = scene.outline;
  if (outline && outline.segments.length >= 4) {
    ctx.strokeStyle = outline.color;
    ctx.lineWidth = outline.lineWidth;
    ctx.setLineDash([]);
    ctx.beginPath();
    const s = outline.segments;
    for (let i = 0; i + 3 < s.length; i += 4) {
      const a = imageToCanvas(placement, s[i], s[i + 1]);
      const b = imageToCanvas(placement, s[i + 2], s[i + 3]);
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.stroke();
  }
  const cross = scene.crosshair;
  if (cross && cross.u >= 0 && cross.u <= 1 && cross.v >= 0 && cross.v <= 1) {
    const { x, y } = imageToCanvas(placement, cross.u, cross.v);
    const r = cross.size;
    ctx.strokeStyle = cross.color;
    ctx.lineWidth = Math.max(1, r / 6);
    ctx.beginPath();
    ctx.moveTo(x - r, y);
    ctx.lineTo(x - r / 3, y);
    ctx.moveTo(x + r / 3, y);
    ctx.lineTo(x + r, y);
    ctx.moveTo(x, y - r);
    ctx.lineTo(x, y - r / 3);
    ctx.moveTo(x, y + r / 3);
    ctx.lineTo(x, y + r);
    ctx.stroke();
  }
  ctx.restore();
  return placement;
}
