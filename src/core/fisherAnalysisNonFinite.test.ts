import { describe, expect, it } from 'vitest';
import { fisherEigenAnalysis } from './fisherAnalysis';
import { UserFacingError } from './userFacingError';

/** Non-finite logits or Jacobian entries are refused before the eigensolver, in the product's words. */
describe('fisherEigenAnalysis with non-finite input', () => {
  const jacobian = (rows: number[]) => ({ classes: 2, inputSize: 3, rows: Float32Array.from(rows) });

  it('refuses an infinite Jacobian entry naming the Gram entry (0 · ∞ = NaN at (1, 2)), not the eigensolver', () => {
    let thrown: unknown;
    try {
      fisherEigenAnalysis({ jacobian: jacobian([1, 0, 0, 0, Infinity, 0]), logits: [0.1, 0.2], head: 'softmax' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserFacingError);
    expect(thrown).toMatchObject({ code: 'non-finite-analysis', message: expect.stringMatching(/J Jᵀ entry \(1, 2\) is NaN/) });
    expect((thrown as Error).message).not.toMatch(/symmetricEigen/);
  });

  it('refuses a NaN logit', () => {
    expect(() => fisherEigenAnalysis({ jacobian: jacobian([1, 0, 0, 0, 1, 0]), logits: [Number.NaN, 0.2], head: 'softmax' })).toThrow(/logit entry 1 is NaN/);
  });

  it('still analyses finite input', () => {
    const eigen = fisherEigenAnalysis({ jacobian: jacobian([1, 0, 0, 0, 1, 0]), logits: [0, 0], head: 'softmax' });
    // Two classes at p = ½: K = diag(p) − p pᵀ applied to I gives eigenvalues ½ and 0.
    expect(eigen.eigenvalues[0]).toBeCloseTo(0.5, 12);
    expect(Math.abs(eigen.eigenvalues[1])).toBeLessThan(1e-12);
  });
});
