/**
 * Validity radius of the second-order picture along one mode (docs/method.md, "Validity radius"):
 * the largest ε for which the measured KL(p(x) ‖ p(x ± ε v_i)) stays within a relative `tolerance`
 * (default 20 %) of the prediction ½ ε² λ_i, in both directions (the sign of v_i is a convention).
 *
 * Search, with forward passes only (the caller's `klAt`): start at ε₀ where ½ε₀²λ = `startKl`
 * (deep in the quadratic regime, yet far above float32 rounding of the logits), grow ε by `growth`
 * until the ratio leaves the band, then bisect on log ε between the last ε inside and the first
 * outside until their ratio is below 1 + `relativeWidth`. The radius is the first crossing met
 * when leaving the quadratic regime: if the ratio re-enters the band further out, that is not
 * reported.
 */
export interface ValidityRadiusOptions {
  readonly tolerance?: number;
  readonly startKl?: number;
  readonly growth?: number;
  readonly maxGrowthSteps?: number;
  readonly relativeWidth?: number;
  /** Stop growing here (model-space L2 norm): the radius is then reported as at least this. */
  readonly maxEpsilon?: number;
}

export interface ValidityRadius {
  /** The radius (the last ε found inside the band); null when even ε₀/2^k stays outside. */
  readonly radius: number | null;
  /** 'bracketed': the crossing lies in [radius, radius·(1+relativeWidth)]; 'at-least': never left the band up to maxEpsilon; 'unresolved': no ε inside the band was found. */
  readonly status: 'bracketed' | 'at-least' | 'unresolved';
  /** KL / (½ε²λ) at the reported radius (the worse of the two directions). */
  readonly ratioAtRadius: number | null;
  readonly evaluations: number;
}

/** KL at ±ε along the mode: the caller runs the two forward passes. */
export type KlAlongMode = (epsilon: number) => Promise<readonly [number, number]> | readonly [number, number];

/**
 * How far below ε₀ to look (2⁻²⁴ ≈ 6·10⁻⁸ of it): a weak mode's ε₀ can lie far outside its quadratic
 * regime, because ½ε₀²λ = 10⁻⁴ needs a large ε when λ is small.
 */
const MAX_HALVINGS = 24;

export async function validityRadius(klAt: KlAlongMode, eigenvalue: number, options: ValidityRadiusOptions = {}): Promise<ValidityRadius> {
  const tolerance = options.tolerance ?? 0.2;
  const growth = options.growth ?? 2;
  const maxGrowthSteps = options.maxGrowthSteps ?? 40;
  const relativeWidth = options.relativeWidth ?? 1e-3;
  const maxEpsilon = options.maxEpsilon ?? Infinity;
  if (!(eigenvalue > 0)) throw new RangeError(`the validity radius needs a positive eigenvalue, got ${eigenvalue}`);
  let evaluations = 0;
  /** The worse relative deviation |KL/(½ε²λ) − 1| of the two directions, with its ratio. */
  const deviation = async (epsilon: number): Promise<{ inside: boolean; ratio: number }> => {
    const [plus, minus] = await klAt(epsilon);
    evaluations++;
    const predicted = 0.5 * epsilon * epsilon * eigenvalue;
    const worse = Math.abs(plus / predicted - 1) >= Math.abs(minus / predicted - 1) ? plus : minus;
    const ratio = worse / predicted;
    return { inside: Number.isFinite(ratio) && Math.abs(ratio - 1) <= tolerance, ratio };
  };

  let epsilon = Math.min(Math.sqrt((2 * (options.startKl ?? 1e-4)) / eigenvalue), maxEpsilon);
  let state = await deviation(epsilon);
  // ε₀ outside the band: either a weak mode whose ε₀ is large, or float32 rounding; look further down.
  for (let step = 0; !state.inside && step < MAX_HALVINGS; step++) {
    const smaller = epsilon / growth;
    const next = await deviation(smaller);
    if (next.inside) return bisect(smaller, next.ratio, epsilon);
    epsilon = smaller;
    state = next;
  }
  if (!state.inside) return { radius: null, status: 'unresolved', ratioAtRadius: null, evaluations };

  let inside = epsilon;
  let insideRatio = state.ratio;
  for (let step = 0; step < maxGrowthSteps; step++) {
    if (inside >= maxEpsilon) break;
    const next = Math.min(inside * growth, maxEpsilon);
    const probe = await deviation(next);
    if (!probe.inside) return bisect(inside, insideRatio, next);
    inside = next;
    insideRatio = probe.ratio;
  }
  return { radius: inside, status: 'at-least', ratioAtRadius: insideRatio, evaluations };

  async function bisect(low: number, lowRatio: number, high: number): Promise<ValidityRadius> {
    while (high / low > 1 + relativeWidth) {
      const mid = Math.sqrt(low * high);
      const probe = await deviation(mid);
      if (probe.inside) {
        low = mid;
        lowRatio = probe.ratio;
      } else {
        high = mid;
      }
    }
    return { radius: low, status: 'bracketed', ratioAtRadius: lowRatio, evaluations };
  }
}
