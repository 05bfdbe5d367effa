import { describe, expect, it } from 'vitest';
import { buildDisplayRasters, withOverlaySettings } from './displayRasters';
import { projectionSeries } from './projectionSeries';
import { fakePayload } from './testing/payloads';

const x = Float32Array.from({ length: 16 }, (_, i) => (i % 5) - 2);
const payload = fakePayload(x);
const series = projectionSeries(payload, { mean: [0.5], std: [0.25] });

describe('display rasters', () => {
  it('builds one raster per mode and per k, at model resolution', () => {
    const r = buildDisplayRasters(payload, series, { colorMap: 'rdbu', threshold: 0.2 });
    expect(r.modes).toHaveLength(2);
    expect(r.components).toHaveLength(3);
    expect(r.modes[0].panel.width).toBe(4);
    expect(r.modes[0].limit).toBeGreaterThan(0);
    // v_1 = e_0: only pixel 0 is coloured in the overlay.
    const alpha = Array.from({ length: 16 }, (_, p) => r.modes[0].overlay.data[p * 4 + 3]);
    expect(alpha).toEqual([255, ...Array(15).fill(0)]);
    // |x_high(0)| = 0 everywhere: an empty overlay.
    expect(r.components[0].magnitudeLimit).toBe(0);
    expect(r.components[2].magnitude[1]).toBeCloseTo(Math.abs(x[1]), 6);
    expect(series.highModelSpace[1][0]).toBeCloseTo(x[0], 6);
  });

  it('rebuilds only the colour layers for a new colour map or threshold', () => {
    const r = buildDisplayRasters(payload, series, { colorMap: 'rdbu', threshold: 0.2 });
    expect(withOverlaySettings(r, { colorMap: 'rdbu', threshold: 0.2 })).toBe(r);
    const t = withOverlaySettings(r, { colorMap: 'rdbu', threshold: 0.5 });
    expect(t.modes[0].panel).toBe(r.modes[0].panel);
    expect(t.modes[0].overlay).not.toBe(r.modes[0].overlay);
    expect(t.components[1].high).toBe(r.components[1].high);
    const m = withOverlaySettings(r, { colorMap: 'puor', threshold: 0.2 });
    expect(m.modes[0].panel).not.toBe(r.modes[0].panel);
    expect(m.components).toBe(r.components);
  });
});
