import { describe, expect, it } from 'vitest';
import { overlapArea, tourPlacement } from './tourPlacement';

const box = { width: 300, height: 160 };
const screen = { width: 1280, height: 800 };

describe('tour placement', () => {
  it('goes to the right of a target on the left, aligned with its top, not over it', () => {
    const target = { left: 20, top: 100, width: 400, height: 300 };
    const p = tourPlacement(target, box, screen);
    expect(p).toEqual({ side: 'right', left: 432, top: 100 });
    expect(overlapArea(target, { ...p, ...box })).toBe(0);
  });

  it('goes to the left of a target at the right edge, and below a full-width target', () => {
    expect(tourPlacement({ left: 1000, top: 50, width: 270, height: 200 }, box, screen).side).toBe('left');
    const wide = { left: 0, top: 10, width: 1280, height: 300 };
    const p = tourPlacement(wide, box, screen);
    expect(p.side).toBe('below');
    expect(overlapArea(wide, { ...p, ...box })).toBe(0);
  });

  it('stays inside the viewport', () => {
    for (const target of [{ left: 10, top: 700, width: 300, height: 90 }, { left: 900, top: 5, width: 370, height: 60 }, { left: 0, top: 0, width: 390, height: 200 }]) {
      const p = tourPlacement(target, { width: 280, height: 150 }, { width: 390, height: 844 });
      expect(p.left).toBeGreaterThanOrEqual(8);
      expect(p.top).toBeGreaterThanOrEqual(8);
      expect(p.left + 280).toBeLessThanOrEqual(390 - 8);
      expect(p.top + 150).toBeLessThanOrEqual(844 - 8);
      expect(overlapArea(target, { ...p, width: 280, height: 150 })).toBe(0);
    }
  });

  it('with no free side, picks the end of the screen that covers the target least', () => {
    const target = { left: 0, top: 0, width: 390, height: 600 };
    const p = tourPlacement(target, { width: 280, height: 150 }, { width: 390, height: 700 });
    expect(p.side).toBe('fallback');
    expect(p.top).toBe(700 - 150 - 8);
  });
});
