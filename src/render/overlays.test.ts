import { describe, expect, it } from 'vitest';
import { DIVERGING_BLUE_RED, DIVERGING_PURPLE_ORANGE, SEQUENTIAL_VIRIDIS, colorAt, divergingColor, sequentialIndex } from './colorMaps';
import type { SceneContext } from './drawScene';
import { drawScene } from './drawScene';
import { FIGURE, figureLayout, integerScale } from './figure';
import { lightness } from './colorSpace';
import { maskOutlineSegments } from './maskOutline';
import { magnitudeOverlayRaster, perPixelMagnitude, signedOverlayRaster } from './overlayRaster';
import { FIT_VIEWPORT } from './viewport';
import { CT_WINDOWS, dragWindow, levelAndWidth, namedToWindow } from './windowPresets';

const alphaAt = (data: Uint8ClampedArray, p: number): number => data[p * 4 + 3];

describe('overlays', () => {
  it('hide the field below the threshold and colour it above', () => {
    const r = signedOverlayRaster([0, 0.1, -0.5, 1, -2], 5, 1, 1, 0.2);
    expect([0, 1, 2, 3, 4].map((p) => alphaAt(r.data, p))).toEqual([0, 0, 255, 255, 255]);
    expect(Array.from(r.data.subarray(12, 15))).toEqual([...divergingColor(1, 1)]);
    // The colour ignores the threshold: the same value is the same colour at any threshold.
    const r0 = signedOverlayRaster([-0.5], 1, 1, 1, 0);
    expect(Array.from(r0.data.subarray(0, 3))).toEqual(Array.from(r.data.subarray(8, 11)));
  });

  it('draw magnitudes in the sequential map, transparent below the cut', () => {
    const r = magnitudeOverlayRaster([0, 0.05, 0.5, 3], 4, 1, 1, 0.1);
    expect([0, 1, 2, 3].map((p) => alphaAt(r.data, p))).toEqual([0, 0, 255, 255]);
    const top = colorAt(SEQUENTIAL_VIRIDIS, SEQUENTIAL_VIRIDIS.size - 1);
    expect(Array.from(r.data.subarray(12, 15))).toEqual([...top]);
    expect(sequentialIndex(0.5, 1, 256)).toBe(128);
    expect(Array.from(perPixelMagnitude({ width: 2, height: 1, channels: 2, data: [3, 4, 0, -1] }))).toEqual([5, 1]);
  });

  it('offers a second diverging map with the same symmetry, and a sequential map of rising lightness', () => {
    const m = DIVERGING_PURPLE_ORANGE;
    const centre = (m.size - 1) / 2;
    for (const d of [10, 60, 128]) expect(Math.abs(lightness(colorAt(m, centre + d)) - lightness(colorAt(m, centre - d)))).toBeLessThan(0.6);
    expect(m.lut).not.toEqual(DIVERGING_BLUE_RED.lut);
    for (let i = 1; i < SEQUENTIAL_VIRIDIS.size; i++) expect(lightness(colorAt(SEQUENTIAL_VIRIDIS, i))).toBeGreaterThan(lightness(colorAt(SEQUENTIAL_VIRIDIS, i - 1)) - 0.5);
  });
});

describe('mask outline', () => {
  it('outlines one pixel with four edges, in normalised coordinates', () => {
    const s = maskOutlineSegments([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3);
    expect(s.length).toBe(16);
    const segments = Array.from({ length: 4 }, (_, i) => Array.from(s.subarray(i * 4, i * 4 + 4), (v) => Math.round(v * 3)));
    expect(segments).toEqual([
      [1, 1, 2, 1],
      [1, 2, 2, 2],
      [1, 1, 1, 2],
      [2, 1, 2, 2],
    ]);
  });

  it('merges runs along a line and closes at the image edge', () => {
    // A 2×1 bar on the top edge of a 2×2 image: top edge, bottom edge, two sides.
    const s = maskOutlineSegments([1, 1, 0, 0], 2, 2);
    expect(s.length).toBe(16);
    expect(Array.from(s.subarray(0, 4))).toEqual([0, 0, 1, 0]);
    expect(maskOutlineSegments([0, 0, 0, 0], 2, 2).length).toBe(0);
  });
});

describe('drawScene', () => {
  it('draws each layer over the placed image, then the outline and crosshair', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (t, key) => (key in t ? t[key as string] : (...args: unknown[]) => calls.push(`${String(key)}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : typeof a)).join(',')})`)),
      set: (t, key, value) => {
        t[key as string] = value;
        if (key === 'globalAlpha') calls.push(`alpha=${value}`);
        return true;
      },
    }) as unknown as SceneContext;
    const source = {} as CanvasImageSource;
    const placement = drawScene(ctx, 200, 100, { background: '#000', aspect: 1, layers: [{ source, width: 64, height: 64 }, { source, width: 64, height: 64, alpha: 0.5 }], outline: { segments: new Float32Array([0, 0, 1, 0]), color: 'y', lineWidth: 1 }, crosshair: { u: 0.5, v: 0.5, color: 'c', size: 6 } }, FIT_VIEWPORT);
    expect(placement).toEqual({ x: 50, y: 0, width: 100, height: 100 });
    expect(calls).toContain('fillRect(0,0,200,100)');
    expect(calls.filter((c) => c.startsWith('drawImage'))).toEqual(['drawImage(object,0,0,64,64,50,0,100,100)', 'drawImage(object,0,0,64,64,50,0,100,100)']);
    expect(calls).toContain('alpha=0.5');
    expect(calls).toContain('moveTo(50,0)');
    expect(calls).toContain('lineTo(150,0)');
    expect(calls.filter((c) => c === 'stroke()')).toHaveLength(2);
  });
});

describe('figure layout', () => {
  it('magnifies each panel by an integer factor and sizes the canvas', () => {
    expect(integerScale(64, 64, 256)).toBe(4);
    expect(integerScale(128, 100, 256)).toBe(2);
    expect(integerScale(512, 512, 256)).toBe(1);
    const one = figureLayout([{ width: 64, height: 64, colorBar: true }], 2);
    expect(one.panels[0]).toMatchObject({ width: 256, height: 256, scale: 4 });
    expect(one.width).toBe(FIGURE.margin * 2 + 256);
    expect(one.height).toBe(FIGURE.margin + FIGURE.titleHeight + 256 + FIGURE.barGap + FIGURE.barHeight + FIGURE.barLabelHeight + FIGURE.captionGap + 2 * FIGURE.captionLineHeight + FIGURE.margin);
  });

  it('lays panels of different native sizes side by side at a common size', () => {
    const l = figureLayout(
      [
        { width: 512, height: 512, colorBar: true },
        { width: 64, height: 64, colorBar: true },
      ],
      2,
    );
    expect(l.panels.map((p) => [p.width, p.scale])).toEqual([
      [512, 1],
      [512, 8],
    ]);
    expect(l.panels[1].columnX).toBe(l.panels[0].columnX + 512 + FIGURE.gap);
    expect(l.width).toBe(2 * FIGURE.margin + 2 * 512 + FIGURE.gap);
  });
});

describe('window presets', () => {
  it('holds the usual CT windows and converts them', () => {
    const lung = CT_WINDOWS.find((w) => w.id === 'lung')!;
    expect(namedToWindow(lung)).toEqual({ low: -1350, high: 150 });
    expect(levelAndWidth({ low: -1350, high: 150 })).toEqual({ level: -600, width: 1500 });
  });

  it('drags the width left–right and the level up–down', () => {
    const w = dragWindow({ low: 0, high: 100 }, 0.1, 0, 1000);
    expect(levelAndWidth(w)).toEqual({ level: 50, width: 200 });
    const l = dragWindow({ low: 0, high: 100 }, 0, 0.05, 1000);
    expect(levelAndWidth(l)).toEqual({ level: 0, width: 100 });
    expect(levelAndWidth(dragWindow({ low: 0, high: 100 }, -5, 0, 1000)).width).toBeGreaterThan(0);
  });
});
