import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from './urlState';

describe('URL state', () => {
  it('reads model, sample, backend, k and mode', () => {
    expect(parseUrlState('?model=dev-random-cnn&sample=lumpy-ske-001&backend=webgpu&k=2&mode=1')).toEqual({
      modelId: 'dev-random-cnn',
      sampleId: 'lumpy-ske-001',
      backend: 'webgpu',
      k: 2,
      mode: 1,
      problems: [],
    });
  });

  it('defaults to auto and nothing chosen', () => {
    expect(parseUrlState('')).toEqual({ modelId: null, sampleId: null, backend: 'auto', k: null, mode: null, problems: [] });
  });

  it('reports bad values instead of throwing', () => {
    const s = parseUrlState('?backend=cuda&k=-1&mode=0&model=../../etc');
    expect(s.backend).toBe('auto');
    expect(s.k).toBeNull();
    expect(s.mode).toBeNull();
    expect(s.modelId).toBeNull();
    expect(s.problems).toHaveLength(4);
    expect(s.problems.join(' ')).toContain('unknown backend "cuda"');
  });

  it('round-trips', () => {
    const state = { modelId: 'm', sampleId: 's', backend: 'wasm' as const, k: 0, mode: 3 };
    expect(parseUrlState(formatUrlState(state))).toEqual({ ...state, problems: [] });
    expect(formatUrlState({ modelId: null, sampleId: null, backend: 'auto', k: null, mode: null })).toBe('');
  });
});
