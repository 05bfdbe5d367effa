import { describe, expect, it } from 'vitest';
import { klFromLogits } from './divergence';
import { validityRadius } from './validityRadius';

/**
 * A linear sigmoid classifier z = wᵀx + b (one output): J = wᵀ, λ = q(1 − q)‖w‖², v = w/‖w‖, and
 * along v the logit moves as z₀ ± ε‖w‖, so KL(ε) is a closed form in ε.
 */
const normW = 2.5;
const klClosedForm = (z0: number, t: number): number => {
  const q = 1 / (1 + Math.exp(-z0));
  const r = 1 / (1 + Math.exp(-(z0 + t)));
  return q * Math.log(q / r) + (1 - q) * Math.log((1 - q) / (1 - r));
};
const eigenvalue = (z0: number): number => {
  const q = 1 / (1 + Math.exp(-z0));
  return q * (1 - q) * normW * normW;
};

/** Newton's method on g(ε) = KL(ε)/(½ε²λ) − (1 ± 0.2) from a starting guess (derivative by central differences). */
function newtonRoot(g: (e: number) => number, start: number): number {
  let e = start;
  for (let i = 0; i < 100; i++) {
    const h = 1e-6 * e;
    const step = g(e) / ((g(e + h) - g(e - h)) / (2 * h));
    e -= step;
    if (Math.abs(step) < 1e-14 * e) break;
  }
  return e;
}

describe('validity radius against the closed-form KL of a linear sigmoid classifier', () => {
  it('at q = ½ (KL = log cosh(ε‖w‖/2), ratio = 8 log cosh(t/2)/t² falling from 1) finds the root of ratio = 0.8', async () => {
    const lambda = eigenvalue(0);
    expect(lambda).toBeCloseTo(normW ** 2 / 4, 14);
    const kl = (e: number) => Math.log(Math.cosh((e * normW) / 2));
    const reference = newtonRoot((e) => kl(e) / (0.5 * e * e * lambda) - 0.8, 1);
    // The series 1 − t²/24 + … puts the root near t = √(24·0.2) ≈ 2.2: check the reference is that root.
    expect(reference * normW).toBeGreaterThan(2);
    expect(reference * normW).toBeLessThan(3);
    const found = await validityRadius((e) => [klClosedForm(0, e * normW), klClosedForm(0, -e * normW)], lambda, { relativeWidth: 1e-7 });
    expect(found.status).toBe('bracketed');
    expect(Math.abs(found.radius! / reference - 1)).toBeLessThan(2e-7);
    expect(found.ratioAtRadius!).toBeGreaterThanOrEqual(0.8);
    expect(found.evaluations).toBeLessThan(60);
  });

  it.each([0.8, -1.5, 3])('at z₀ = %f takes the nearer of the two directions’ crossings', async (z0) => {
    const lambda = eigenvalue(z0);
    const ratio = (t: number) => klClosedForm(z0, t) / (0.5 * (t / normW) ** 2 * lambda);
    // Reference: scan each direction on a fine log grid for its first exit from [0.8, 1.2], then Newton.
    const crossing = (sign: 1 | -1): number => {
      let previous = 1e-3;
      for (let e = 1e-3; e < 1e3; e *= 1.01) {
        const r = ratio(sign * e * normW);
        if (Math.abs(r - 1) > 0.2) {
          const band = r > 1 ? 1.2 : 0.8;
          return newtonRoot((x) => ratio(sign * x * normW) - band, Math.sqrt(previous * e));
        }
        previous = e;
      }
      return Infinity;
    };
    const reference = Math.min(crossing(1), crossing(-1));
    const found = await validityRadius((e) => [klClosedForm(z0, e * normW), klFromLogits('sigmoid', [z0], [z0 - e * normW])], lambda, { relativeWidth: 1e-7 });
    expect(found.status).toBe('bracketed');
    expect(Math.abs(found.radius! / reference - 1)).toBeLessThan(2e-7);
  });

  it('finds the same radius when the start ε₀ lies far outside the quadratic regime (a weak mode’s large ε₀)', async () => {
    const lambda = eigenvalue(0);
    const klAt = (e: number) => [klClosedForm(0, e * normW), klClosedForm(0, -e * normW)] as const;
    const near = await validityRadius(klAt, lambda, { relativeWidth: 1e-7 });
    const far = await validityRadius(klAt, lambda, { relativeWidth: 1e-7, startKl: 50 });
    expect(far.status).toBe('bracketed');
    expect(Math.abs(far.radius! / near.radius! - 1)).toBeLessThan(3e-7);
  });

  it('reports “at least” when the quadratic picture holds up to maxEpsilon, and refuses λ ≤ 0', async () => {
    const found = await validityRadius((e) => [0.5 * e * e * 3, 0.5 * e * e * 3], 3, { maxEpsilon: 10 });
    expect(found).toMatchObject({ radius: 10, status: 'at-least' });
    await expect(validityRadius(() => [0, 0], 0)).rejects.toThrow(/positive eigenvalue/);
  });

  it('is unresolved when no ε matches the prediction (a KL that is always twice too large)', async () => {
    const found = await validityRadius((e) => [e * e * 3, e * e * 3], 3);
    expect(found.status).toBe('unresolved');
    expect(found.radius).toBeNull();
  });
});
