/**
 * Small-ε log–log slopes: KL(ε) ≈ c ε^s, so s is the slope of log KL against log ε. Only points
 * well above the float32 noise floor carry the curve; of those the lowest ε are used, where the
 * leading term dominates (METHOD: slope 2 in the leading subspace, ≥ 3 in its complement).
 */
export interface SlopeFitOptions {
  /** KL values at or below `floorFactor · noiseFloor` are noise. */
  readonly noiseFloor: number;
  /** Default 100: two decades above the floor. */
  readonly floorFactor?: number;
  /** How many of the lowest usable ε to fit (default 3; at least 2 are needed). */
  readonly points?: number;
}

export type SlopeStatus = 'ok' | 'below-noise-floor' | 'too-few-points';

export interface SlopeFit {
  readonly status: SlopeStatus;
  /** NaN unless status is 'ok'. */
  readonly slope: number;
  /** log10 c in KL ≈ c ε^slope. NaN unless status is 'ok'. */
  readonly intercept: number;
  /** The ε values used in the fit. */
  readonly epsilons: number[];
  /** Coefficient of determination of the fit in log–log space (NaN unless 'ok' with > 2 points). */
  readonly r2: number;
}

export function fitSmallEpsilonSlope(epsilons: ArrayLike<number>, values: ArrayLike<number>, options: SlopeFitOptions): SlopeFit {
  if (epsilons.length !== values.length) throw new RangeError('ε and values differ in length');
  const threshold = (options.floorFactor ?? 100) * Math.max(options.noiseFloor, 0);
  const wanted = Math.max(2, options.points ?? 3);
  const order = Array.from({ length: epsilons.length }, (_, i) => i).sort((a, b) => epsilons[a] - epsilons[b]);
  const usable = order.filter((i) => epsilons[i] > 0 && Number.isFinite(values[i]) && values[i] > threshold && values[i] > 0);
  const none = (status: SlopeStatus, used: number[] = []): SlopeFit => ({ status, slope: NaN, intercept: NaN, epsilons: used, r2: NaN });
  if (usable.length === 0) return none('below-noise-floor');
  const chosen = usable.slice(0, wanted);
  if (chosen.length < 2) return none('too-few-points', chosen.map((i) => epsilons[i]));
  const xs = chosen.map((i) => Math.log10(epsilons[i]));
  const ys = chosen.map((i) => Math.log10(values[i]));
  const { slope, intercept, r2 } = leastSquaresLine(xs, ys);
  return { status: 'ok', slope, intercept, epsilons: chosen.map((i) => epsilons[i]), r2: chosen.length > 2 ? r2 : NaN };
}

/** Ordinary least squares y = a + b x. */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}
