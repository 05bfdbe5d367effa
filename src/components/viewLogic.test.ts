import { describe, expect, it } from 'vitest';
import type { RawImage } from '../store';
import { formatShare, formatValue, subscript } from './format';
import { phaseProgress } from './StatusLine';
import { imagePresets } from './viewer/windowLogic';
import { THEMES } from './viewConfig';

describe('formatting', () => {
  it('writes subscripts, shares and readout values', () => {
    expect(subscript(12)).toBe('₁₂');
    expect(formatShare(0.979)).toBe('97.9 %');
    expect(formatShare(0.00031)).toBe('0.031 %');
    expect(formatValue(-0.53271)).toBe('-0.5327');
    expect(formatValue(1234.5)).toBe('1235');
    expect(formatValue(2e-6)).toBe('2.000e-6');
  });
});

describe('progress', () => {
  it('grows through the phases', () => {
    const phases = ['starting-engine', 'loading-model', 'preprocess', 'forward', 'jacobian', 'eigen', 'projection'] as const;
    const values = phases.map(phaseProgress);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(values.at(-1)).toBeLessThan(1);
    expect(phaseProgress(null)).toBe(0);
  });
});

describe('window presets offered', () => {
  const raw = (isCt: boolean, presets = 0): RawImage => ({
    width: 2, height: 2, channels: 1, data: Float32Array.from([-1000, 0, 40, 1000]), unit: isCt ? 'HU' : '', scale: 1,
    range: { low: -1000, high: 1000 }, defaultWindow: { low: -100, high: 100 },
    filePresets: Array.from({ length: presets }, (_, i) => ({ label: `W${i}`, window: { low: i, high: i + 10 } })), isCt,
  });

  it('adds the CT windows for CT only, and the file’s own windows', () => {
    expect(imagePresets(raw(false)).map((c) => c.id)).toEqual(['default', 'p1-99', 'full']);
    const ct = imagePresets(raw(true, 1));
    expect(ct.map((c) => c.id)).toEqual(['default', 'file-0', 'p1-99', 'full', 'ct-lung', 'ct-mediastinum', 'ct-bone', 'ct-brain']);
    expect(ct.find((c) => c.id === 'full')?.window).toEqual({ low: -1000, high: 1000 });
    expect(ct.find((c) => c.id === 'ct-lung')?.window).toEqual({ low: -1350, high: 150 });
  });
});

describe('themes', () => {
  it('define the same colours for dark and light', () => {
    expect(Object.keys(THEMES.light).sort()).toEqual(Object.keys(THEMES.dark).sort());
  });
});
