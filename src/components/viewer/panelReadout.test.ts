import { describe, expect, it } from 'vitest';
import type { AppState } from '../../store';
import { panelValueText } from './panelReadout';

/** A 2×2 CT-like image in HU and a 2×2 model input with one mode. */
function state(over: Partial<AppState>): AppState {
  const raw = { width: 2, height: 2, channels: 1, data: new Float32Array([-1000, 40, 400, 1200]), unit: 'HU', scale: 1 };
  const payload = { inputShape: [2, 2, 1], modeCount: 1 };
  const projections = { x: new Float32Array([0.1, 0.2, 0.3, 0.4]), high: [new Float32Array(4), new Float32Array([0.01, 0.02, 0.03, 0.04])], low: [new Float32Array([0.1, 0.2, 0.3, 0.4]), new Float32Array([0.09, 0.18, 0.27, 0.36])] };
  const rasters = { modes: [{ field: new Float64Array([-0.5, 0.25, 0, 1]) }] };
  return { hover: { u: 0.75, v: 0.75 }, imageView: 'original', image: { raw }, payload, projections, rasters, k: 1, selectedMode: 0, ...over } as unknown as AppState;
}

describe('per-panel pixel readout', () => {
  it('reads each panel in its own units at the pixel under the pointer', () => {
    const s = state({});
    expect(panelValueText(s, 'image')).toBe('(1, 1): 1200 HU');
    expect(panelValueText(s, 'mode')).toBe('(1, 1): 1');
    expect(panelValueText(s, 'high')).toBe('(1, 1): 0.04');
    expect(panelValueText(s, 'low')).toBe('(1, 1): 0.36');
    expect(panelValueText(state({ imageView: 'model' }), 'image')).toBe('(1, 1): 0.4');
  });

  it('says nothing off the image or without a pointer', () => {
    expect(panelValueText(state({ hover: null }), 'image')).toBeNull();
    expect(panelValueText(state({ hover: { u: 1.2, v: 0.5 } }), 'high')).toBeNull();
  });
});
