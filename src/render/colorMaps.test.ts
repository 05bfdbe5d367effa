import { describe, expect, it } from 'vitest';
import { colorAt, DIVERGING_BLUE_RED, divergingColor, divergingIndex } from './colorMaps';
import { hexToRgb, labToRgb, lightness, rgbToLab } from './colorSpace';

const map = DIVERGING_BLUE_RED;
const centre = (map.size - 1) / 2;
const lightnessAt = (i: number): number => lightness(colorAt(map, i));

describe('colour space', () => {
  it('round-trips sRGB through CIELAB', () => {
    for (const hex of ['#000000', '#ffffff', '#053061', '#67001f', '#f7f7f7', '#7f3fbf']) {
      expect(labToRgb(rgbToLab(hexToRgb(hex)))).toEqual(hexToRgb(hex));
    }
    expect(lightness([255, 255, 255])).toBeCloseTo(100, 3);
    expect(lightness([0, 0, 0])).toBeCloseTo(0, 6);
  });
});

describe('diverging colour map', () => {
  it('maps zero to the centre colour, a light neutral', () => {
    expect(divergingIndex(0, 1, map.size)).toBe(centre);
    expect(divergingIndex(-0, 3.7, map.size)).toBe(centre);
    const [r, g, b] = divergingColor(0, 1);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(2);
    expect(lightness([r, g, b])).toBeGreaterThan(95);
    // No range (a zero field) also shows the centre colour.
    expect(divergingColor(5, 0)).toEqual(divergingColor(0, 1));
  });

  it('is symmetric: v and −v land on mirrored entries with equal lightness', () => {
    for (const v of [1e-6, 0.1, 0.25, 0.3333, 0.5, 0.77, 1, 3]) {
      const up = divergingIndex(v, 1, map.size);
      const down = divergingIndex(-v, 1, map.size);
      expect(up - centre).toBe(centre - down);
      expect(Math.abs(lightnessAt(up) - lightnessAt(down))).toBeLessThan(0.6);
    }
    expect(divergingIndex(1, 1, map.size)).toBe(map.size - 1);
    expect(divergingIndex(-1, 1, map.size)).toBe(0);
    expect(divergingIndex(42, 1, map.size)).toBe(map.size - 1);
  });

  it('has lightness falling monotonically from the centre on each side', () => {
    for (let i = centre; i < map.size - 1; i++) expect(lightnessAt(i + 1)).toBeLessThan(lightnessAt(i));
    for (let i = centre; i > 0; i--) expect(lightnessAt(i - 1)).toBeLessThan(lightnessAt(i));
    expect(lightnessAt(0)).toBeLessThan(30);
    expect(lightnessAt(map.size - 1)).toBeLessThan(30);
  });

  it('is blue for negative and red for positive values', () => {
    const [nr, , nb] = divergingColor(-1, 1);
    const [pr, , pb] = divergingColor(1, 1);
    expect(nb).toBeGreaterThan(nr);
    expect(pr).toBeGreaterThan(pb);
  });
});
