import { describe, expect, it } from 'vitest';
import type { Orientation } from './orientation';
import { canvasToImageOriented, canvasVectorToFrame, frameTransform, frameVectorToCanvas, rotateClockwise, UPRIGHT } from './orientation';
import { FIT_VIEWPORT } from './viewport';

const all: Orientation[] = [];
for (const quarterTurns of [0, 1, 2, 3] as const) for (const flipH of [false, true]) for (const flipV of [false, true]) all.push({ quarterTurns, flipH, flipV });

/** Applies a canvas transform [a, b, c, d, e, f] to a point, as the 2D context does. */
const apply = (t: readonly number[], x: number, y: number) => ({ x: t[0] * x + t[2] * y + t[4], y: t[1] * x + t[3] * y + t[5] });

describe('orientation', () => {
  it('a clockwise quarter turn moves the image’s right edge to the bottom of the screen', () => {
    const o = rotateClockwise(UPRIGHT);
    expect(frameVectorToCanvas(1, 0, o)).toEqual({ x: 0, y: 1 });
    expect(frameVectorToCanvas(0, 1, o)).toEqual({ x: -1, y: 0 });
    expect(rotateClockwise({ quarterTurns: 3, flipH: false, flipV: false }).quarterTurns).toBe(0);
  });

  it('vectors round-trip through every turn and flip', () => {
    for (const o of all) {
      const f = canvasVectorToFrame(3, -7, o);
      expect(frameVectorToCanvas(f.x, f.y, o)).toEqual({ x: 3, y: -7 });
    }
  });

  it('the pointer maps back to the image point the transform drew there', () => {
    // A 300×200 canvas, a 2:1 image: image point (u, v) is drawn at frame (x, y), then transformed.
    for (const o of all) {
      const t = frameTransform(300, 200, o);
      const turned = o.quarterTurns % 2 === 1;
      const frameW = turned ? 200 : 300;
      const frameH = turned ? 300 : 200;
      // Fit of a 2:1 image in the frame.
      const width = Math.min(frameW, frameH * 2);
      const height = width / 2;
      const x0 = frameW / 2 - width / 2;
      const y0 = frameH / 2 - height / 2;
      for (const [u, v] of [[0.1, 0.2], [0.9, 0.7], [0.5, 0.5]]) {
        const p = apply(t, x0 + u * width, y0 + v * height);
        const back = canvasToImageOriented(300, 200, 2, FIT_VIEWPORT, o, p.x, p.y);
        expect(back.u).toBeCloseTo(u, 9);
        expect(back.v).toBeCloseTo(v, 9);
      }
    }
  });

  it('a horizontal flip puts the image’s left edge on the right', () => {
    const o: Orientation = { quarterTurns: 0, flipH: true, flipV: false };
    const left = canvasToImageOriented(100, 100, 1, FIT_VIEWPORT, o, 1, 50);
    expect(left.u).toBeCloseTo(0.99, 9);
    const upright = canvasToImageOriented(100, 100, 1, FIT_VIEWPORT, UPRIGHT, 1, 50);
    expect(upright.u).toBeCloseTo(0.01, 9);
  });
});
