import type { Placement, Viewport } from './viewport';
import { canvasToImage, placeContent } from './viewport';

/**
 * Rotation and flips of the displayed image (radiology viewers' r, h, v), applied to every panel
 * alike. The image is placed in an upright "frame" (the canvas, with width and height swapped for
 * a quarter turn), then the frame is turned about the canvas centre. Pointer positions take the
 * inverse path, so zoom about the pointer, panning and the pixel readout stay under the pointer.
 */
export interface Orientation {
  /** Clockwise quarter turns, 0…3. */
  readonly quarterTurns: 0 | 1 | 2 | 3;
  /** Mirror left–right, then up–down, in the image's own axes (before the turn). */
  readonly flipH: boolean;
  readonly flipV: boolean;
}

export const UPRIGHT: Orientation = { quarterTurns: 0, flipH: false, flipV: false };

export function rotateClockwise(o: Orientation): Orientation {
  return { ...o, quarterTurns: ((o.quarterTurns + 1) % 4) as Orientation['quarterTurns'] };
}

/** Size of the upright frame the image is placed in. */
export function frameSize(canvasWidth: number, canvasHeight: number, o: Orientation): { width: number; height: number } {
  return o.quarterTurns % 2 === 1 ? { width: canvasHeight, height: canvasWidth } : { width: canvasWidth, height: canvasHeight };
}

/** The image's placement in the frame (frame pixels), under the shared viewport. */
export function placeOriented(canvasWidth: number, canvasHeight: number, aspect: number, viewport: Viewport, o: Orientation): Placement {
  const frame = frameSize(canvasWidth, canvasHeight, o);
  return placeContent(frame.width, frame.height, aspect, viewport);
}

/** A canvas vector (dx, dy) as a frame vector: the inverse turn and flips. */
export function canvasVectorToFrame(dx: number, dy: number, o: Orientation): { x: number; y: number } {
  // Undo the turn (clockwise by q·90° on screen ⇒ rotate the vector anticlockwise by it).
  let x = dx;
  let y = dy;
  for (let i = 0; i < o.quarterTurns; i++) [x, y] = [y, -x];
  if (o.flipH) x = -x;
  if (o.flipV) y = -y;
  return { x: x + 0, y: y + 0 };
}

/** A frame vector as a canvas vector: flips, then the turn. */
export function frameVectorToCanvas(fx: number, fy: number, o: Orientation): { x: number; y: number } {
  let x = o.flipH ? -fx : fx;
  let y = o.flipV ? -fy : fy;
  for (let i = 0; i < o.quarterTurns; i++) [x, y] = [-y, x];
  return { x: x + 0, y: y + 0 };
}

/** Canvas pixel → frame pixel. */
export function canvasToFrame(canvasWidth: number, canvasHeight: number, px: number, py: number, o: Orientation): { x: number; y: number } {
  const frame = frameSize(canvasWidth, canvasHeight, o);
  const v = canvasVectorToFrame(px - canvasWidth / 2, py - canvasHeight / 2, o);
  return { x: v.x + frame.width / 2, y: v.y + frame.height / 2 };
}

/** Canvas pixel → normalised image coordinates (outside [0, 1] off the image). */
export function canvasToImageOriented(canvasWidth: number, canvasHeight: number, aspect: number, viewport: Viewport, o: Orientation, px: number, py: number): { u: number; v: number } {
  const f = canvasToFrame(canvasWidth, canvasHeight, px, py, o);
  return canvasToImage(placeOriented(canvasWidth, canvasHeight, aspect, viewport, o), f.x, f.y);
}

/**
 * The canvas transform (a, b, c, d, e, f of setTransform) that maps frame pixels to canvas pixels:
 * translate to the centre, turn, flip, translate back by half the frame.
 */
export function frameTransform(canvasWidth: number, canvasHeight: number, o: Orientation): [number, number, number, number, number, number] {
  const frame = frameSize(canvasWidth, canvasHeight, o);
  const ex = frameVectorToCanvas(1, 0, o);
  const ey = frameVectorToCanvas(0, 1, o);
  const origin = frameVectorToCanvas(-frame.width / 2, -frame.height / 2, o);
  return [ex.x, ex.y, ey.x, ey.y, origin.x + canvasWidth / 2, origin.y + canvasHeight / 2];
}

export function isUpright(o: Orientation): boolean {
  return o.quarterTurns === 0 && !o.flipH && !o.flipV;
}
