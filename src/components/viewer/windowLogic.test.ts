import { describe, expect, it } from 'vitest';
import { ownWindow } from '../../render';
import { derivedPresets, presetIdOf } from './windowLogic';

describe('derived panel windows', () => {
  it('the own window is the 1st–99th percentile: a small spread about an offset fills the gray scale', () => {
    // x_high-like values: 0.40 … 0.41 with two outliers far out.
    const values = Float32Array.from({ length: 1001 }, (_, i) => 0.4 + (0.01 * i) / 1000);
    values[0] = -5;
    values[1000] = 5;
    const w = ownWindow(values);
    expect(w.low).toBeGreaterThan(0.4);
    expect(w.high).toBeLessThan(0.41);
    expect(w.high - w.low).toBeGreaterThan(0.009);
  });

  it('a flat field gets its full range', () => {
    expect(ownWindow(new Float32Array([2, 2, 2]))).toEqual({ low: 2, high: 2 });
  });

  it('presets name the default, the full range and the shared window', () => {
    const presets = derivedPresets([0, 1, 2], { low: -1, high: 3 });
    expect(presets.map((p) => p.id)).toEqual(['default', 'full', 'shared']);
    expect(presetIdOf(presets, null)).toBe('default');
    expect(presetIdOf(presets, { low: -1, high: 3 })).toBe('shared');
    expect(presetIdOf(presets, { low: 0, high: 2 })).toBe('full');
    expect(presetIdOf(presets, { low: 0.5, high: 2 })).toBe('custom');
  });
});
