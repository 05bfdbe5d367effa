import { describe, expect, it } from 'vitest';
import { formatRatio, walkAgreement } from './walkAgreement';

describe('walk agreement', () => {
  it('reads a ratio near 1 as agreement, with two decimals', () => {
    const a = walkAgreement(1.02e-6, 1e-6);
    expect(a.verdict).toBe('agrees');
    expect(a.text).toBe('1.02 (agrees)');
  });

  it('says the second-order picture breaks down far from 1, without a six-digit number', () => {
    const far = walkAgreement(0.466288, 1e-6);
    expect(far.verdict).toBe('breaks-down');
    expect(far.text).toBe('4.7e5 (far off)');
    expect(far.explanation).toContain('no longer holds');
    expect(walkAgreement(0.66e-6, 1e-6).verdict).toBe('roughly');
    expect(walkAgreement(1e-9, 1e-6).explanation).toContain('less');
  });

  it('has no ratio when nothing is predicted', () => {
    expect(walkAgreement(1e-9, 0)).toMatchObject({ ratio: null, verdict: 'no-prediction', text: '—' });
  });

  it('formats ratios readably', () => {
    expect(formatRatio(0.6612)).toBe('0.66');
    expect(formatRatio(12.345)).toBe('12.3');
    expect(formatRatio(0.0456)).toBe('0.0456');
    expect(formatRatio(466288)).toBe('4.7e5');
  });
});
