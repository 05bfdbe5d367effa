import { describe, expect, it } from 'vitest';
import { fisherEigenAnalysis } from '../fisherAnalysis';
import { roiFisherAnalysis } from '../roiFisher';
import { symmetricEigen } from '../symmetricEigen';
import { matrixF64 } from '../types';
import { denseFisherByDefinition, linearLogits } from '../testing/linearSoftmax';
import { randomArray } from '../testing/seededRandom';
import { geometricAreaPx, perimeterPx, rasterizeRoi } from './rasterize';
import { parseAnnotation } from './roiTypes';
import type { Roi } from './roiTypes';
import { areaInUnits, measureLength, roiStatistics } from './roiStatistics';
import { imageMaskToModelSpace, roiToModelMask } from './modelSpaceMask';

const count = (mask: Uint8Array) => mask.reduce((s, v) => s + v, 0);

describe('rasterising ROIs by the pixel-centre rule', () => {
  it('a rectangle with integer corners covers exactly its area, in either corner order', () => {
    const mask = rasterizeRoi({ kind: 'rectangle', x0: 13, y0: 7, x1: 3, y1: 2 }, 20, 10);
    expect(count(mask)).toBe(10 * 5);
    expect(mask[2 * 20 + 3]).toBe(1); // pixel (3, 2): its centre (3.5, 2.5) is inside
    expect(mask[2 * 20 + 13]).toBe(0); // the right edge x = 13 is out
  });
  it('a rectangle with fractional corners holds the pixels whose centres lie in [x0, x1) × [y0, y1)', () => {
    // Centres in [2.4, 6.6): 2.5 … 6.5 → 5 columns; in [1.5, 3.5): 1.5, 2.5 → 2 rows.
    expect(count(rasterizeRoi({ kind: 'rectangle', x0: 2.4, y0: 1.5, x1: 6.6, y1: 3.5 }, 10, 10))).toBe(10);
  });
  it('rectangles sharing an edge share no pixel and together tile the union', () => {
    const a = rasterizeRoi({ kind: 'rectangle', x0: 1.3, y0: 0, x1: 4.5, y1: 5 }, 8, 5);
    const b = rasterizeRoi({ kind: 'rectangle', x0: 4.5, y0: 0, x1: 7.2, y1: 5 }, 8, 5);
    const union = rasterizeRoi({ kind: 'rectangle', x0: 1.3, y0: 0, x1: 7.2, y1: 5 }, 8, 5);
    for (let p = 0; p < a.length; p++) expect(a[p] + b[p]).toBe(union[p]);
  });
  it('an ellipse covers πab within its perimeter', () => {
    for (const [rx, ry] of [[30, 30], [41.5, 17.25], [8, 3]] as const) {
      const roi: Roi = { kind: 'ellipse', cx: 50.3, cy: 48.7, rx, ry };
      const error = Math.abs(count(rasterizeRoi(roi, 100, 100)) - Math.PI * rx * ry);
      expect(error).toBeLessThanOrEqual(perimeterPx(roi));
    }
    // The circle of radius 30 (Gauss's problem): the error is far below the perimeter (188).
    expect(Math.abs(count(rasterizeRoi({ kind: 'ellipse', cx: 50, cy: 50, rx: 30, ry: 30 }, 100, 100)) - Math.PI * 900)).toBeLessThan(40);
  });
  it('a ring of centres: pixel (c, r) is inside the circle exactly when (c + ½ − cx)² + (r + ½ − cy)² ≤ r²', () => {
    const roi = { kind: 'ellipse', cx: 10.2, cy: 9.9, rx: 6.3, ry: 6.3 } as const;
    const mask = rasterizeRoi(roi, 21, 21);
    for (let r = 0; r < 21; r++) for (let c = 0; c < 21; c++) expect(mask[r * 21 + c]).toBe((c + 0.5 - 10.2) ** 2 + (r + 0.5 - 9.9) ** 2 <= 6.3 ** 2 ? 1 : 0);
  });
  it('a freehand polygon covers its shoelace area within its perimeter', () => {
    const star = Array.from({ length: 14 }, (_, i) => {
      const radius = i % 2 === 0 ? 80 : 35;
      const t = (i * Math.PI) / 7;
      return [100 + radius * Math.cos(t), 100 + radius * Math.sin(t)] as const;
    });
    const roi: Roi = { kind: 'polygon', points: star };
    const area = geometricAreaPx(roi);
    expect(Math.abs(count(rasterizeRoi(roi, 200, 200)) - area)).toBeLessThanOrEqual(perimeterPx(roi));
    expect(Math.abs(count(rasterizeRoi(roi, 200, 200)) - area) / area).toBeLessThan(0.01);
  });
  it('an integer-cornered polygon (an L shape) covers exactly its shoelace area; orientation does not matter', () => {
    const l: [number, number][] = [[2, 2], [12, 2], [12, 5], [6, 5], [6, 11], [2, 11]];
    expect(geometricAreaPx({ kind: 'polygon', points: l })).toBe(10 * 3 + 4 * 6);
    expect(count(rasterizeRoi({ kind: 'polygon', points: l }, 16, 16))).toBe(54);
    expect(count(rasterizeRoi({ kind: 'polygon', points: [...l].reverse() }, 16, 16))).toBe(54);
  });
  it('clips to the image', () => {
    expect(count(rasterizeRoi({ kind: 'rectangle', x0: -5, y0: -5, x1: 3, y1: 2 }, 10, 10))).toBe(6);
    expect(count(rasterizeRoi({ kind: 'ellipse', cx: 0, cy: 0, rx: 100, ry: 100 }, 10, 10))).toBe(100);
  });
});

describe('ROI statistics in the image units', () => {
  // A horizontal ramp v = a + b·c (HU-like): over columns c0 … c1 its mean and SD have closed forms.
  const width = 64;
  const height = 32;
  const a = -1000;
  const b = 12.5;
  const data = Float32Array.from({ length: width * height }, (_, p) => a + b * (p % width));
  it('mean and population SD of a ramp', () => {
    const mask = rasterizeRoi({ kind: 'rectangle', x0: 10, y0: 4, x1: 30, y1: 20 }, width, height);
    const s = roiStatistics({ width, height, data }, mask, [0.5, 0.7]);
    const n = 20; // columns 10 … 29
    expect(s.count).toBe(n * 16);
    expect(s.mean).toBeCloseTo(a + b * (10 + 29) / 2, 9);
    // SD of n consecutive integers is √((n² − 1) / 12).
    expect(s.sd).toBeCloseTo(b * Math.sqrt((n * n - 1) / 12), 9);
    expect([s.min, s.max]).toEqual([a + b * 10, a + b * 29]);
    expect(s.area).toBeCloseTo(n * 16 * 0.35, 12);
    expect(s.areaUnit).toBe('mm²');
  });
  it('px² without spacing; NaN voxels left out; an empty region has no statistics', () => {
    const withNan = Float32Array.from(data);
    withNan[5 * width + 12] = NaN;
    const mask = rasterizeRoi({ kind: 'rectangle', x0: 12, y0: 5, x1: 14, y1: 6 }, width, height);
    const s = roiStatistics({ width, height, data: withNan }, mask);
    expect([s.count, s.mean, s.area, s.areaUnit]).toEqual([1, a + b * 13, 1, 'px²']);
    expect(Number.isNaN(roiStatistics({ width, height, data }, new Uint8Array(width * height)).mean)).toBe(true);
  });
  it('a geometric area in mm² and the length tool in mm (x steps use the column spacing)', () => {
    expect(areaInUnits(geometricAreaPx({ kind: 'ellipse', cx: 0, cy: 0, rx: 10, ry: 5 }), [0.5, 2])).toEqual({ value: Math.PI * 50, unit: 'mm²' });
    expect(measureLength({ kind: 'length', x0: 0, y0: 0, x1: 3, y1: 4 }, null)).toEqual({ value: 5, unit: 'px' });
    expect(measureLength({ kind: 'length', x0: 0, y0: 0, x1: 3, y1: 4 }, [2, 4])).toEqual({ value: Math.hypot(12, 8), unit: 'mm' });
  });
});

describe('serialised ROIs', () => {
  it('round-trip through JSON and refuse malformed records', () => {
    const shapes = [
      { kind: 'rectangle', x0: 1, y0: 2, x1: 3, y1: 4 },
      { kind: 'ellipse', cx: 1, cy: 2, rx: 3, ry: 4 },
      { kind: 'polygon', points: [[0, 0], [4, 0], [0, 3]] },
      { kind: 'length', x0: 0, y0: 0, x1: 1, y1: 1 },
    ];
    for (const s of shapes) expect(parseAnnotation(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(() => parseAnnotation({ kind: 'ellipse', cx: 1, cy: 2, rx: -1, ry: 1 })).toThrow('semi-axes ≥ 0');
    expect(() => parseAnnotation({ kind: 'polygon', points: [[0, 0], [1, 1]] })).toThrow('at least 3 points');
    expect(() => parseAnnotation({ kind: 'circle' })).toThrow('unknown ROI kind "circle"');
  });
});

describe('ROI → model-space mask → region-restricted Fisher', () => {
  it('the left half of a 12×12 image is the left 3 columns of a 6×6×2 model input (bilinear)', () => {
    const mask = roiToModelMask({ kind: 'rectangle', x0: 0, y0: 0, x1: 6, y1: 12 }, { width: 12, height: 12 }, [6, 6, 2], 'bilinear');
    for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) for (let c = 0; c < 2; c++) expect(mask[(y * 6 + x) * 2 + c]).toBe(x < 3 ? 1 : 0);
  });
  it('a mask of the model size is taken as it is', () => {
    const m = Uint8Array.from({ length: 16 }, (_, p) => (p % 3 === 0 ? 1 : 0));
    expect(Array.from(imageMaskToModelSpace(m, 4, 4, [4, 4, 1], 'bilinear'))).toEqual(Array.from(m));
  });
  it('an ellipse ROI on a linear softmax model gives the eigenvalues of the dense P_M F P_M', () => {
    const [h, w, ch] = [6, 6, 1];
    const n = h * w * ch;
    const classes = 4;
    const weights = Float64Array.from(Float32Array.from(randomArray(classes * n, 91, 0.4)));
    const model = { classes, inputSize: n, weights, bias: randomArray(classes, 92, 0.3) };
    const x = randomArray(n, 93, 1);
    const logits = linearLogits(model, x);
    const jacobian = { classes, inputSize: n, rows: Float32Array.from(weights) };
    const full = fisherEigenAnalysis({ jacobian, logits, head: 'softmax' });
    // Drawn on a 12×12 image, resampled to the 6×6 model input (a circle of radius 2.2 model pixels).
    const mask = roiToModelMask({ kind: 'ellipse', cx: 6, cy: 6, rx: 4.4, ry: 4.4 }, { width: 12, height: 12 }, [h, w, ch], 'bilinear');
    expect(count(mask)).toBeGreaterThan(8);
    expect(count(mask)).toBeLessThan(n);
    const roi = roiFisherAnalysis({ jacobian, logits, head: 'softmax', mask, full });
    const dense = denseFisherByDefinition(model, x, 'softmax');
    const projected = dense.map((v, idx) => (mask[Math.floor(idx / n)] && mask[idx % n] ? v : 0));
    const expected = symmetricEigen(matrixF64(n, n, projected)).values;
    expect(roi.eigen.rank).toBe(classes - 1);
    for (let i = 0; i < roi.eigen.rank; i++) expect(Math.abs(roi.eigen.eigenvalues[i] - expected[i]) / expected[i]).toBeLessThan(1e-5);
    expect(Math.abs(expected[roi.eigen.rank])).toBeLessThan(1e-6 * expected[0]);
  });
});
