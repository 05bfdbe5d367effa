import { describe, expect, it } from 'vitest';
import { dcos, dexp, dlog, dpow, dsin, hashString, Rng } from './random';

describe('deterministic elementary functions', () => {
  it('match Math.* to within a few ulp', () => {
    const rng = new Rng(12345);
    let expErr = 0;
    let logErr = 0;
    let trigErr = 0;
    for (let i = 0; i < 50000; i++) {
      const x = (rng.uniform() - 0.5) * 1400;
      const e = Math.exp(x);
      if (e > 1e-300 && Number.isFinite(e)) expErr = Math.max(expErr, Math.abs(dexp(x) - e) / e);
      const y = dexp((rng.uniform() - 0.5) * 1400) || 1;
      const l = Math.log(y);
      logErr = Math.max(logErr, Math.abs(dlog(y) - l) / Math.max(1, Math.abs(l)));
      const z = (rng.uniform() - 0.5) * 40;
      trigErr = Math.max(trigErr, Math.abs(dsin(z) - Math.sin(z)), Math.abs(dcos(z) - Math.cos(z)));
    }
    expect(expErr).toBeLessThan(1e-15);
    expect(logErr).toBeLessThan(1e-15);
    expect(trigErr).toBeLessThan(1e-14);
  });

  it('handle special values', () => {
    expect(dexp(0)).toBe(1);
    expect(dlog(1)).toBe(0);
    expect(dlog(0)).toBe(-Infinity);
    expect(dlog(-1)).toBeNaN();
    expect(dexp(-1000)).toBe(0);
    expect(dexp(1000)).toBe(Infinity);
    expect(dlog(5e-324)).toBeCloseTo(Math.log(5e-324), 10);
    expect(dpow(2, 10)).toBeCloseTo(1024, 9);
    expect(dsin(0)).toBe(0);
  });
});

describe('Rng', () => {
  it('is reproducible and stream-separated', () => {
    const a = Rng.forSample('t', 7, 3, 1);
    const b = Rng.forSample('t', 7, 3, 1);
    const seqA = Array.from({ length: 8 }, () => a.nextU32());
    const seqB = Array.from({ length: 8 }, () => b.nextU32());
    expect(seqA).toEqual(seqB);
    const others = [Rng.forSample('t', 7, 3, 2), Rng.forSample('t', 8, 3, 1), Rng.forSample('t', 7, 4, 1), Rng.forSample('u', 7, 3, 1)];
    for (const o of others) expect(Array.from({ length: 8 }, () => o.nextU32())).not.toEqual(seqA);
  });

  it('has a fixed reference sequence (guards bit-identical output across engines and versions)', () => {
    const r = new Rng(1);
    const seq = Array.from({ length: 4 }, () => r.nextU32());
    expect(seq).toEqual(REFERENCE_U32);
    expect(hashString('lumpy-ske')).toBe(hashString('lumpy-ske'));
  });

  it('uniform, normal and Poisson have the right moments', () => {
    const r = new Rng(99);
    const n = 200000;
    let s1 = 0;
    let s2 = 0;
    let u1 = 0;
    let uMin = 1;
    let uMax = 0;
    for (let i = 0; i < n; i++) {
      const g = r.normal();
      s1 += g;
      s2 += g * g;
      const u = r.uniform();
      if (u < uMin) uMin = u;
      if (u > uMax) uMax = u;
      u1 += u;
    }
    expect(uMin).toBeGreaterThanOrEqual(0);
    expect(uMax).toBeLessThan(1);
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(u1 / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    for (const mean of [0.7, 25, 114.8]) {
      const m = 20000;
      let p1 = 0;
      let p2 = 0;
      let integers = true;
      for (let i = 0; i < m; i++) {
        const k = r.poisson(mean);
        integers &&= Number.isInteger(k) && k >= 0;
        p1 += k;
        p2 += k * k;
      }
      expect(integers).toBe(true);
      const mu = p1 / m;
      const v = p2 / m - mu * mu;
      expect(Math.abs(mu - mean)).toBeLessThan(5 * Math.sqrt(mean / m));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
    }
  });

  it('unitVector is uniform on the circle', () => {
    const r = new Rng(5);
    let c = 0;
    let s = 0;
    let quadrant = [0, 0, 0, 0];
    const n = 40000;
    let maxErr = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = r.unitVector();
      maxErr = Math.max(maxErr, Math.abs(x * x + y * y - 1));
      c += x;
      s += y;
      quadrant[(x >= 0 ? 0 : 1) + (y >= 0 ? 0 : 2)]++;
    }
    expect(maxErr).toBeLessThan(1e-12);
    expect(Math.abs(c / n)).toBeLessThan(0.02);
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    quadrant = quadrant.map((q) => q / n);
    for (const q of quadrant) expect(Math.abs(q - 0.25)).toBeLessThan(0.02);
  });

  it('rejects non-integer seeds', () => {
    expect(() => Rng.forSample('t', 1.5, 0, 1)).toThrow(RangeError);
  });
});

// Cross-checked against an independent Python implementation of splitmix32 + xoshiro128**.
const REFERENCE_U32 = [393288148, 2174103013, 3814759091, 2092745082];
