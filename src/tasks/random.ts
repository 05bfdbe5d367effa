/**
 * Seeded, engine-independent random numbers and elementary functions for the task generators.
 *
 * Bit-identical output in Node and in every browser is the point of this module. ECMAScript fixes
 * the result of +, −, ×, ÷, Math.sqrt (IEEE 754 correctly rounded), Math.imul, Math.floor,
 * Math.round, Math.abs, Math.min/max and Math.fround, but it leaves Math.exp, Math.log, Math.sin,
 * Math.cos, Math.pow and Math.hypot "implementation-approximated": V8, SpiderMonkey and
 * JavaScriptCore may differ in the last bit. The generators therefore use only the exact
 * operations above plus the functions here (dexp, dlog, dsin, dcos, dpow), which are built from
 * exact operations alone, so every engine evaluates them to the same bits.
 *
 * Random numbers: a counter-based key (task, seed, index, stream) is hashed with the murmur3
 * finaliser into the state of a xoshiro128** generator (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators"), seeded through splitmix32. Each sample and each of its streams
 * (background, signal, noise, labels) is therefore independent of every other sample: sample i
 * can be generated without generating samples 0..i−1, and the background of a sample does not
 * change when its label or its signal changes.
 */

// ---------------------------------------------------------------------------------------------
// Deterministic elementary functions
// ---------------------------------------------------------------------------------------------

/** ln 2 split into a high part with trailing zero bits (k·LN2_HI is exact for |k| < 2^20) and a low part (fdlibm). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;

/** 2^k for k in [−1022, 1023], built by exact doubling and halving. */
const POW2 = (() => {
  const t = new Float64Array(2046);
  t[1022] = 1;
  for (let k = 1; k <= 1023; k++) t[1022 + k] = t[1022 + k - 1] * 2;
  for (let k = 1; k <= 1022; k++) t[1022 - k] = t[1022 - k + 1] * 0.5;
  return t;
})();

/** Reciprocal factorials 1/n! for the Taylor series (each a correctly rounded division). */
const INV_FACT = (() => {
  const t = new Float64Array(20);
  let f = 1;
  t[0] = 1;
  for (let n = 1; n < 20; n++) {
    f *= n; // exact up to 18!
    t[n] = 1 / f;
  }
  return t;
})();

/**
 * e^x, deterministic across engines (relative error a few ulp). Cody–Waite reduction
 * x = k·ln2 + r with |r| ≤ ln2/2, a degree-13 Taylor polynomial for e^r (truncation error
 * < 5e-18), then an exact scaling by 2^k. Returns 0 below −708 (no subnormal results).
 */
export function dexp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.78) return Infinity;
  if (x < -708) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  let p = INV_FACT[13];
  for (let n = 12; n >= 0; n--) p = p * r + INV_FACT[n];
  return p * POW2[1022 + k];
}

/** 1/(2n+1) for n = 0..12. */
const INV_ODD = (() => {
  const t = new Float64Array(13);
  for (let n = 0; n < 13; n++) t[n] = 1 / (2 * n + 1);
  return t;
})();

// Bit access to a double. Typed-array aliasing is much faster than a DataView; the word order is
// detected once so the result does not depend on the platform's endianness.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0; // index of the high word (1 on little-endian platforms)

/**
 * Natural logarithm, deterministic across engines. x = m·2^e with m in [√½, √2),
 * ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716, by its odd series to s^25.
 */
export function dlog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54, exact
    e = -54;
  }
  f64[0] = x;
  const hi = u32[HI];
  e += ((hi >>> 20) & 0x7ff) - 1023;
  u32[HI] = (hi & 0x800fffff) | 0x3ff00000;
  let m = f64[0]; // in [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let p = INV_ODD[12];
  for (let n = 11; n >= 0; n--) p = p * s2 + INV_ODD[n];
  const lnm = 2 * s * p;
  return e * LN2_HI + (e * LN2_LO + lnm);
}

/** x^y for x > 0 as e^{y·ln x} (deterministic; use integer powers by multiplication where possible). */
export function dpow(x: number, y: number): number {
  if (x === 0) return y > 0 ? 0 : Infinity;
  return dexp(y * dlog(x));
}

const HALF_PI_HI = 1.57079632673412561417e0;
const HALF_PI_LO = 6.07710050650619224932e-11;
const INV_HALF_PI = 6.36619772367581382433e-1;

function sinPoly(r: number): number {
  const r2 = r * r;
  // r − r³/3! + r⁵/5! − … − r¹⁵/15!
  let p = -INV_FACT[15];
  p = p * r2 + INV_FACT[13];
  p = p * r2 - INV_FACT[11];
  p = p * r2 + INV_FACT[9];
  p = p * r2 - INV_FACT[7];
  p = p * r2 + INV_FACT[5];
  p = p * r2 - INV_FACT[3];
  p = p * r2 + 1;
  return r * p;
}

function cosPoly(r: number): number {
  const r2 = r * r;
  let p = INV_FACT[16];
  p = p * r2 - INV_FACT[14];
  p = p * r2 + INV_FACT[12];
  p = p * r2 - INV_FACT[10];
  p = p * r2 + INV_FACT[8];
  p = p * r2 - INV_FACT[6];
  p = p * r2 + INV_FACT[4];
  p = p * r2 - INV_FACT[2];
  p = p * r2 + 1;
  return p;
}

/** sin x, deterministic across engines; accurate for |x| up to ~1e5 (generators use |x| ≤ 2π). */
export function dsin(x: number): number {
  const k = Math.round(x * INV_HALF_PI);
  const r = x - k * HALF_PI_HI - k * HALF_PI_LO;
  switch (((k % 4) + 4) % 4) {
    case 0:
      return sinPoly(r);
    case 1:
      return cosPoly(r);
    case 2:
      return -sinPoly(r);
    default:
      return -cosPoly(r);
  }
}

/** cos x, deterministic across engines; accurate for |x| up to ~1e5. */
export function dcos(x: number): number {
  return dsin(x + HALF_PI_HI + HALF_PI_LO);
}

// ---------------------------------------------------------------------------------------------
// Hashing and the generator
// ---------------------------------------------------------------------------------------------

/** One round of murmur3-style mixing of a 32-bit word into a 32-bit hash. */
export function mix32(h: number, v: number): number {
  h = Math.imul(h ^ (v >>> 0), 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Splits a (non-negative or negative) integer seed below 2^53 into two 32-bit words. */
function seedWords(seed: number): [number, number] {
  if (!Number.isFinite(seed) || Math.floor(seed) !== seed) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  const lo = seed >>> 0; // two's-complement low word, also for negative seeds
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return [lo, hi];
}

/** Named independent random streams of one sample. */
export const Stream = {
  /** Anatomy / texture / background: identical with and without the signal and for every label. */
  background: 1,
  /** Signal position, size and contrast. */
  signal: 2,
  /** Additive acquisition noise. */
  noise: 3,
  /** Random labels of multi-label tasks. */
  labels: 4,
} as const;

/** Seeded generator with uniform, Gaussian and Poisson sampling (xoshiro128**). */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  /** Seeds the four state words from a 32-bit key through splitmix32. */
  constructor(key: number) {
    let z = key >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
      t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The generator of one stream of one sample of one task. */
  static forSample(taskId: string, seed: number, index: number, stream: number): Rng {
    const [lo, hi] = seedWords(seed);
    const [ilo, ihi] = seedWords(index);
    let h = hashString(taskId);
    h = mix32(h, lo);
    h = mix32(h, hi);
    h = mix32(h, ilo);
    h = mix32(h, ihi);
    h = mix32(h, stream);
    return new Rng(h);
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Uniform integer in [a, b] (inclusive). */
  intRange(a: number, b: number): number {
    return a + this.int(b - a + 1);
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal deviate (Marsaglia polar method; uses dlog, so engine-independent). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      // 32-bit uniforms are plenty here and halve the cost: u, v uniform on (−1, 1).
      u = (this.nextU32() + 0.5) * 4.656612873077393e-10 - 1;
      v = (this.nextU32() + 0.5) * 4.656612873077393e-10 - 1;
      s = u * u + v * v;
    } while (s >= 1);
    const f = Math.sqrt((-2 * dlog(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Fills an array with independent N(0, sigma²) values. */
  fillNormal(out: Float64Array | Float32Array, sigma = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = sigma * this.normal();
  }

  /**
   * Poisson deviate. Knuth's multiplication method on chunks of mean ≤ 30 (a Poisson(λ) is the sum
   * of independent Poisson(λ_i) with Σλ_i = λ), exact and engine-independent; O(λ) time.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    let n = 0;
    let remaining = mean;
    while (remaining > 0) {
      const chunk = remaining > 30 ? 30 : remaining;
      remaining -= chunk;
      const limit = dexp(-chunk);
      let p = this.uniform();
      while (p > limit) {
        n++;
        p *= this.uniform();
      }
    }
    return n;
  }

  /** A uniformly distributed unit vector (cos θ, sin θ), θ ~ U[0, 2π), without trigonometric functions. */
  unitVector(): [number, number] {
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * this.uniform() - 1;
      y = 2 * this.uniform() - 1;
      s = x * x + y * y;
    } while (s > 1 || s < 1e-12);
    const inv = 1 / Math.sqrt(s);
    return [x * inv, y * inv];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
