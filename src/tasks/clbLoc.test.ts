import { describe, expect, it } from 'vitest';
import { CLB_CLASSES, CLB_PARAMS, clbBlobKernel, renderClbBackground } from './clbLoc';
import { generateSample } from './index';
import { Rng, Stream } from './random';

describe('clb-loc', () => {
  it('puts the signal and its whole mask in the labelled quadrant, away from its edges', () => {
    for (let i = 0; i < 60; i++) {
      const s = generateSample('clb-loc', 31, i);
      if (s.head !== 'softmax') throw new Error('softmax expected');
      const label = s.label;
      expect(label).toBe(i % 5);
      if (label === 0) {
        expect(s.signalMask.every((v) => v === 0)).toBe(true);
        continue;
      }
      const name = CLB_CLASSES[label];
      const top = name.startsWith('top');
      const left = name.endsWith('left');
      const [ctr] = s.signalCentres;
      const qr = ctr.row - (top ? 0 : 32);
      const qc = ctr.col - (left ? 0 : 32);
      for (const q of [qr, qc]) {
        expect(q).toBeGreaterThanOrEqual(CLB_PARAMS.quadrantMargin);
        expect(q).toBeLessThanOrEqual(32 - CLB_PARAMS.quadrantMargin);
      }
      let area = 0;
      for (let p = 0; p < s.signalMask.length; p++) {
        if (!s.signalMask[p]) continue;
        area++;
        const row = Math.floor(p / 64);
        const col = p % 64;
        expect(row < 32).toBe(top);
        expect(col < 32).toBe(left);
      }
      expect(area).toBeGreaterThan(90); // disc of radius 6 (d² < 36): 97 pixels
    }
  });

  it('draws Poisson numbers of clusters and blobs with the scaled Bochud means', () => {
    const span = 64 + 2 * CLB_PARAMS.pad;
    const meanClusters = (CLB_PARAMS.meanClusters * span * span) / (64 * 64); // ≈ 114.8 over the padded area
    const n = 300;
    let k1 = 0;
    let k2 = 0;
    let blobs = 0;
    const img = new Float64Array(64 * 64);
    for (let i = 0; i < n; i++) {
      img.fill(0);
      const c = renderClbBackground(Rng.forSample('clb-loc', 8, i, Stream.background), img);
      k1 += c.clusters;
      k2 += c.clusters * c.clusters;
      blobs += c.blobs;
    }
    const mean = k1 / n;
    expect(Math.abs(mean - meanClusters)).toBeLessThan(4 * Math.sqrt(meanClusters / n));
    const variance = k2 / n - mean * mean;
    expect(variance / meanClusters).toBeGreaterThan(0.7);
    expect(variance / meanClusters).toBeLessThan(1.3);
    expect(Math.abs(blobs / k1 - CLB_PARAMS.meanBlobsPerCluster)).toBeLessThan(0.3);
  });

  it('the fixed display mapping uses the measured population mean and SD of the background', () => {
    const n = 300;
    let s1 = 0;
    let s2 = 0;
    let count = 0;
    const img = new Float64Array(64 * 64);
    for (let i = 0; i < n; i++) {
      img.fill(0);
      renderClbBackground(Rng.forSample('clb-loc', 1234, i, Stream.background), img);
      for (const v of img) {
        s1 += v;
        s2 += v * v;
        count++;
      }
    }
    const mean = s1 / count;
    const sd = Math.sqrt(s2 / count - mean * mean);
    expect(Math.abs(mean / CLB_PARAMS.backgroundMean - 1)).toBeLessThan(0.03);
    expect(Math.abs(sd / CLB_PARAMS.backgroundSd - 1)).toBeLessThan(0.08);
  });

  it('blob profiles are anisotropic, oriented, and follow exp(−α ρ^β)', () => {
    const k0 = clbBlobKernel(0); // θ = 0: long axis along the columns
    const k90 = clbBlobKernel(CLB_PARAMS.orientationBins / 2); // θ = π/2: long axis along the rows
    const at = (k: { data: Float32Array; radius: number }, dRow: number, dCol: number) =>
      k.data[(dRow + k.radius) * (2 * k.radius + 1) + dCol + k.radius];
    expect(at(k0, 0, 0)).toBe(1);
    // Along the long axis at r = Lx: ρ = 1 → exp(−α).
    expect(at(k0, 0, 5)).toBeCloseTo(Math.exp(-CLB_PARAMS.alpha), 6);
    // Across at r = Ly: ρ = 1 as well.
    expect(at(k0, 2, 0)).toBeCloseTo(Math.exp(-CLB_PARAMS.alpha), 6);
    expect(at(k0, 0, 5)).toBeGreaterThan(at(k0, 5, 0));
    expect(at(k90, 5, 0)).toBeCloseTo(at(k0, 0, 5), 5);
    // Tapered to zero at the kernel's edge.
    expect(at(k0, 0, k0.radius)).toBe(0);
  });
});
