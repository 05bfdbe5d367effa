import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, aucRoc, column } from './classificationMetrics';

describe('aucRoc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant score', () => {
    expect(aucRoc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(aucRoc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(aucRoc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('equals the fraction of correctly ordered positive–negative pairs (ties ½), counted by brute force', () => {
    const scores = [0.3, 0.7, 0.7, 0.1, 0.9, 0.4, 0.4, 0.6, 0.2, 0.7];
    const labels = [0, 1, 0, 0, 1, 1, 0, 1, 0, 1];
    let pairs = 0;
    let wins = 0;
    for (let i = 0; i < scores.length; i++) {
      for (let j = 0; j < scores.length; j++) {
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
      }
    }
    expect(aucRoc(scores, labels)).toBeCloseTo(wins / pairs, 14);
  });

  it('is NaN when one class is missing', () => {
    expect(aucRoc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('argmaxRows, accuracy, column', () => {
  it('work on row-major arrays', () => {
    const probs = [0.1, 0.7, 0.2, 0.5, 0.3, 0.2];
    expect(Array.from(argmaxRows(probs, 3))).toEqual([1, 0]);
    expect(accuracy([1, 0, 2], [1, 1, 2])).toBeCloseTo(2 / 3, 15);
    expect(Array.from(column(probs, 3, 2))).toEqual([0.2, 0.2]);
  });
});
