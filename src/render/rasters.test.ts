import { describe, expect, it } from 'vitest';
import { DIVERGING_BLUE_RED, divergingColor } from './colorMaps';
import { quantileWindow, rangeWindow, UNIT_WINDOW, windowedByte, windowFromLevel } from './displayWindow';
import { imageToRaster } from './imageRaster';
import { colorBarRaster, perPixelSum, signedToRaster, symmetricLimit } from './signedRaster';

const pixel = (data: Uint8ClampedArray, p: number): number[] => Array.from(data.subarray(p * 4, p * 4 + 4));

describe('window/level', () => {
  it('maps the window onto 0…255 and clamps outside it', () => {
    expect(windowedByte(0, UNIT_WINDOW)).toBe(0);
    expect(windowedByte(1, UNIT_WINDOW)).toBe(255);
    expect(windowedByte(0.5, UNIT_WINDOW)).toBe(128);
    expect(windowedByte(-3, UNIT_WINDOW)).toBe(0);
    expect(windowedByte(7, UNIT_WINDOW)).toBe(255);
    expect(windowFromLevel(0.5, 0.2)).toEqual({ low: 0.4, high: 0.6 });
    expect(windowedByte(0.45, windowFromLevel(0.5, 0.2))).toBe(64);
  });

  it('finds ranges and quantiles, ignoring non-finite values', () => {
    expect(rangeWindow([3, NaN, -1, 2, Infinity])).toEqual({ low: -1, high: 3 });
    expect(rangeWindow([])).toEqual(UNIT_WINDOW);
    const ramp = Array.from({ length: 101 }, (_, i) => i);
    expect(quantileWindow(ramp, 0.01, 0.99)).toEqual({ low: 1, high: 99 });
  });

  it('shows a constant image as one flat value', () => {
    expect(windowedByte(2, { low: 2, high: 2 })).toBe(0);
    expect(windowedByte(2.1, { low: 2, high: 2 })).toBe(255);
  });
});

describe('imageToRaster', () => {
  it('draws gray values as opaque gray pixels', () => {
    const raster = imageToRaster({ width: 2, height: 2, channels: 1, data: new Float32Array([0, 0.25, 0.5, 1]) }, UNIT_WINDOW);
    expect(raster.width).toBe(2);
    expect(raster.data.length).toBe(16);
    expect(pixel(raster.data, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(raster.data, 1)).toEqual([64, 64, 64, 255]);
    expect(pixel(raster.data, 3)).toEqual([255, 255, 255, 255]);
  });

  it('keeps 16-bit precision through a narrow window', () => {
    // Two values one 16-bit step apart, separated by a window as narrow as ten steps.
    const step = 1 / 65535;
    const raster = imageToRaster({ width: 2, height: 1, channels: 1, data: new Float32Array([0.5, 0.5 + step]) }, windowFromLevel(0.5, 10 * step));
    expect(raster.data[4] - raster.data[0]).toBeGreaterThanOrEqual(25);
  });

  it('draws RGB with one window for all channels', () => {
    const raster = imageToRaster({ width: 1, height: 1, channels: 3, data: [1, 0.5, 0] }, UNIT_WINDOW);
    expect(pixel(raster.data, 0)).toEqual([255, 128, 0, 255]);
  });

  it('rejects data too short for its shape', () => {
    expect(() => imageToRaster({ width: 2, height: 2, channels: 3, data: new Float32Array(5) }, UNIT_WINDOW)).toThrow(RangeError);
  });
});

describe('signed fields', () => {
  it('colours zero with the centre colour and ±limit with the ends', () => {
    const raster = signedToRaster([0, -2, 2, -5], 4, 1, 2);
    const [r0, g0, b0] = divergingColor(0, 1);
    expect(pixel(raster.data, 0)).toEqual([r0, g0, b0, 255]);
    const lut = DIVERGING_BLUE_RED.lut;
    expect(pixel(raster.data, 1).slice(0, 3)).toEqual(Array.from(lut.subarray(0, 3)));
    expect(pixel(raster.data, 2).slice(0, 3)).toEqual(Array.from(lut.subarray(lut.length - 3)));
    expect(pixel(raster.data, 3)).toEqual(pixel(raster.data, 1));
  });

  it('uses a symmetric range from |v|', () => {
    expect(symmetricLimit([-4, 1, 2])).toBe(4);
    expect(symmetricLimit([0, 0])).toBe(0);
    const many = Array.from({ length: 101 }, (_, i) => (i % 2 ? -i : i));
    expect(symmetricLimit(many, 0.5)).toBe(50);
  });

  it('sums channels per pixel', () => {
    expect(Array.from(perPixelSum({ width: 2, height: 1, channels: 3, data: [1, 2, 3, -1, -1, 0.5] }))).toEqual([6, -1.5]);
  });

  it('draws a colour bar from −1 to +1', () => {
    const bar = colorBarRaster(5, 2);
    expect(pixel(bar.data, 2)).toEqual([...divergingColor(0, 1), 255]);
    expect(pixel(bar.data, 7)).toEqual(pixel(bar.data, 2));
  });
});

describe('histogram quantiles', () => {
  it('agree with the sorted quantiles to within a bin', async () => {
    const { histogramQuantileWindow } = await import('./displayWindow');
    const values = Float32Array.from({ length: 100_001 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1000);
    const exact = quantileWindow(values, 0.01, 0.99);
    const fast = histogramQuantileWindow(values, 0.01, 0.99);
    const bin = 2000 / 65536;
    expect(Math.abs(fast.low - exact.low)).toBeLessThan(2 * bin);
    expect(Math.abs(fast.high - exact.high)).toBeLessThan(2 * bin);
    expect(histogramQuantileWindow([5, 5, 5], 0.01, 0.99)).toEqual({ low: 5, high: 5 });
  });
});
