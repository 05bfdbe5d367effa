import { describe, expect, it } from 'vitest';
import { UPRIGHT, rotateClockwise } from '../../render';
import { canvasEdgeLabels } from './orientationLabels';

const AXIAL = { left: 'R', right: 'L', top: 'A', bottom: 'P' } as const;

describe('canvasEdgeLabels', () => {
  it('keeps the slice labels upright', () => {
    expect(canvasEdgeLabels(AXIAL, UPRIGHT)).toEqual(AXIAL);
  });
  it('swaps left and right under a horizontal flip, top and bottom under a vertical one', () => {
    expect(canvasEdgeLabels(AXIAL, { ...UPRIGHT, flipH: true })).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    expect(canvasEdgeLabels(AXIAL, { ...UPRIGHT, flipV: true })).toEqual({ left: 'R', right: 'L', top: 'P', bottom: 'A' });
  });
  it('turns with a clockwise quarter turn: the image top (A) goes to the canvas right', () => {
    // Turned 90° clockwise, what was at the top is at the right, what was on the left is at the top.
    expect(canvasEdgeLabels(AXIAL, rotateClockwise(UPRIGHT))).toEqual({ left: 'P', right: 'A', top: 'R', bottom: 'L' });
  });
  it('four quarter turns are the identity; two equal both flips', () => {
    let o = UPRIGHT;
    for (let i = 0; i < 4; i++) o = rotateClockwise(o);
    expect(canvasEdgeLabels(AXIAL, o)).toEqual(AXIAL);
    expect(canvasEdgeLabels(AXIAL, rotateClockwise(rotateClockwise(UPRIGHT)))).toEqual(canvasEdgeLabels(AXIAL, { ...UPRIGHT, flipH: true, flipV: true }));
  });
});
