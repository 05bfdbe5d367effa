import { describe, expect, it } from 'vitest';
import { generateSample } from './index';
import { drawLumps, LUMPY_PARAMS } from './lumpySke';
import { Rng, Stream } from './random';

describe('lumpy-ske', () => {
  it('the number of lumps is Poisson with mean N̄ (mean and dispersion over many draws)', () => {
    const draws = 20000;
    let s1 = 0;
    let s2 = 0;
    let rowSum = 0;
    let colSum = 0;
    let total = 0;
    for (let i = 0; i < draws; i++) {
      const lumps = drawLumps(Rng.forSample('lumpy-ske', 2024, i, Stream.background));
      const k = lumps.rows.length;
      s1 += k;
      s2 += k * k;
      for (let j = 0; j < k; j++) {
        rowSum += lumps.rows[j];
        colSum += lumps.cols[j];
      }
      total += k;
    }
    const mean = s1 / draws;
    const variance = s2 / draws - mean * mean;
    const se = Math.sqrt(LUMPY_PARAMS.meanLumps / draws); // ≈ 0.035
    expect(Math.abs(mean - LUMPY_PARAMS.meanLumps)).toBeLessThan(4 * se);
    // Poisson: variance = mean. SE of the sample variance ≈ √(2λ²/n + λ/n) ≈ 0.26 here.
    expect(Math.abs(variance - LUMPY_PARAMS.meanLumps)).toBeLessThan(1.2);
    // Uniform placement over [−0.5, 63.5): mean position 31.5.
    expect(Math.abs(rowSum / total - 31.5)).toBeLessThan(0.2);
    expect(Math.abs(colSum / total - 31.5)).toBeLessThan(0.2);
  });

  it('samples report the lump count drawn from the same stream', () => {
    let sum = 0;
    const n = 400;
    for (let i = 0; i < n; i++) {
      const s = generateSample('lumpy-ske', 77, i);
      const direct = drawLumps(Rng.forSample('lumpy-ske', 77, i, Stream.background)).rows.length;
      expect(s.details.lumpCount).toBe(direct);
      sum += s.details.lumpCount;
    }
    expect(Math.abs(sum / n - LUMPY_PARAMS.meanLumps)).toBeLessThan(4 * Math.sqrt(LUMPY_PARAMS.meanLumps / n));
  });

  it('the signal is a Gaussian at the centre and its mask is the 2σ disc there', () => {
    const s = generateSample('lumpy-ske', 1, 1);
    expect(s.head === 'softmax' && s.label).toBe(1);
    expect(s.signalCentres).toEqual([{ row: 32, col: 32 }]);
    const w = s.width;
    expect(s.signalMask[32 * w + 32]).toBe(1);
    expect(s.signalMask[32 * w + 38]).toBe(1); // 2σ = 6 px
    expect(s.signalMask[32 * w + 39]).toBe(0);
    let area = 0;
    for (const v of s.signalMask) area += v;
    expect(area).toBeGreaterThan(100); // π·6² ≈ 113
    expect(area).toBeLessThan(125);
    // Exact signal: with − without = scale·A_s·exp(−r²/2σ²) (up to float32 rounding and clipping).
    const without = generateSample('lumpy-ske', 1, 1, { withSignal: false });
    const peak = s.image[32 * w + 32] - without.image[32 * w + 32];
    expect(peak).toBeCloseTo(LUMPY_PARAMS.scale * LUMPY_PARAMS.signalAmplitude, 5);
    const off = s.image[32 * w + 35] - without.image[32 * w + 35];
    expect(off).toBeCloseTo(LUMPY_PARAMS.scale * LUMPY_PARAMS.signalAmplitude * Math.exp(-9 / 18), 5);
  });

  it('is signal-absent for class 0 and present for class 1 (balanced)', () => {
    const a = generateSample('lumpy-ske', 5, 0);
    const b = generateSample('lumpy-ske', 5, 1);
    expect(a.head === 'softmax' && a.label).toBe(0);
    expect(a.signalMask.every((v) => v === 0)).toBe(true);
    expect(a.signalCentres).toEqual([]);
    expect(b.head === 'softmax' && b.label).toBe(1);
  });
});
