import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from './urlState';

describe('URL state', () => {
  it('reads model, sample, backend, k, mode, overlay and colour map', () => {
    expect(parseUrlState('?model=dev-random-cnn&sample=lumpy-ske-001&backend=webgpu&k=2&mode=1&overlay=high&cmap=puor')).toEqual({
      modelId: 'dev-random-cnn',
      modelUrl: null,
      sampleId: 'lumpy-ske-001',
      backend: 'webgpu',
      k: 2,
      mode: 1,
      overlay: 'high',
      colorMap: 'puor',
      problems: [],
    });
  });

  it('defaults to auto and nothing chosen', () => {
    expect(parseUrlState('')).toEqual({ modelId: null, modelUrl: null, sampleId: null, backend: 'auto', k: null, mode: null, overlay: null, colorMap: null, problems: [] });
  });

  it('reports bad values instead of throwing', () => {
    const s = parseUrlState('?backend=cuda&k=-1&mode=0&model=../../etc&overlay=heat&cmap=jet');
    expect(s.backend).toBe('auto');
    expect(s.k).toBeNull();
    expect(s.mode).toBeNull();
    expect(s.modelId).toBeNull();
    expect(s.overlay).toBeNull();
    expect(s.colorMap).toBeNull();
    expect(s.problems).toHaveLength(6);
    expect(s.problems.join(' ')).toContain('unknown backend "cuda"');
    expect(s.problems.join(' ')).toContain('?cmap=jet should be one of rdbu, puor');
  });

  it('round-trips', () => {
    const state = { modelId: 'm', sampleId: 's', backend: 'wasm' as const, k: 0, mode: 3, overlay: 'mode' as const, colorMap: 'puor' as const };
    expect(parseUrlState(formatUrlState(state))).toEqual({ ...state, modelUrl: null, problems: [] });
    expect(formatUrlState({ modelId: null, sampleId: null, backend: 'auto', k: null, mode: null, overlay: null, colorMap: null })).toBe('');
    // Defaults stay out of the link.
    expect(formatUrlState({ modelId: 'm', sampleId: null, backend: 'auto', k: 1, mode: 1, overlay: 'none', colorMap: 'rdbu' })).toBe('?model=m&k=1&mode=1');
  });

  it('reads ?modelUrl: http(s), absolute or relative; refuses other schemes', () => {
    expect(parseUrlState('?modelUrl=/test-fixtures/models/layers-twin/model.json&sample=s').modelUrl).toBe('/test-fixtures/models/layers-twin/model.json');
    const absolute = 'https://example.org/models/m.zip?x=1';
    expect(parseUrlState(`?modelUrl=${encodeURIComponent(absolute)}`)).toMatchObject({ modelUrl: absolute, problems: [] });
    const bad = parseUrlState('?modelUrl=javascript:alert(1)');
    expect(bad.modelUrl).toBeNull();
    expect(bad.problems).toEqual(['?modelUrl=javascript:alert(1) should be an http(s) URL, not javascript:']);
    expect(parseUrlState('?modelUrl=').modelUrl).toBeNull();
    expect(parseUrlState('?modelUrl=http://[bad').problems[0]).toContain('is not a URL');
    const state = { modelId: null, modelUrl: 'models/m.zip', sampleId: 's', backend: 'auto' as const, k: null, mode: null, overlay: null, colorMap: null };
    expect(formatUrlState(state)).toBe('?modelUrl=models%2Fm.zip&sample=s');
    expect(parseUrlState(formatUrlState(state))).toEqual({ ...state, problems: [] });
  });
});
