import { describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../../worker/analysisClient';
import type { TopClassPayload } from '../../worker/protocol';
import { createAppStore } from '../appStore';
import type { AppState } from '../types';
import { parseKeptClasses } from './topClassSlice';

describe('parseKeptClasses', () => {
  it('empty is the engine default; otherwise a whole number from 1 to C', () => {
    expect(parseKeptClasses(' ', 40)).toEqual({ m: undefined });
    expect(parseKeptClasses('36', 40)).toEqual({ m: 36 });
    expect(parseKeptClasses('41', 40)).toEqual({ error: 'm must be a whole number from 1 to 40' });
    expect(parseKeptClasses('2.5', 40)).toHaveProperty('error');
    expect(parseKeptClasses('0', 40)).toHaveProperty('error');
  });
});

describe('top-m slice', () => {
  const payload = { modelId: 'm', classCount: 40, kept: [{ name: 'a', weight: 0.5 }], keptTrace: 1, traceFisher: { value: 2, standardError: 0.1 }, share: { value: 0.5, standardError: 0.02 }, sampleCount: 7, eigenvalues: [1], seconds: 0 } as TopClassPayload;
  const setup = (appState: object) => {
    const topClassAnalysis = vi.fn(async () => payload);
    const init = vi.fn(async () => ({ name: 'cpu' as const, software: false, device: 'JavaScript', skipped: [] }));
    const client = { api: { init, topClassAnalysis }, location: 'worker', analyze: vi.fn(), terminate: vi.fn() } as unknown as AnalysisClient;
    const store = createAppStore({ createClient: async () => client, fetch: (async () => new Response('', { status: 404 })) as typeof fetch, resolveUrl: (p) => p, now: () => 0 });
    store.setState(appState as Partial<AppState>);
    return { store, topClassAnalysis };
  };
  it('asks the worker for the typed m and keeps the result', async () => {
    const { store, topClassAnalysis } = setup({ payload: {}, status: 'done', model: { summary: { classes: new Array(40).fill('c') } } });
    await store.getState().runTopClass();
    expect(topClassAnalysis).toHaveBeenCalledWith({ keptClasses: undefined });
    store.getState().setTopClassM('36');
    await store.getState().runTopClass();
    expect(topClassAnalysis).toHaveBeenLastCalledWith({ keptClasses: 36 });
    expect(store.getState().topClass).toBe(payload);
    store.getState().setTopClassM('99');
    await store.getState().runTopClass();
    expect(store.getState().topClassError).toMatch(/1 to 40/);
  });
  it('waits for an analysed image', async () => {
    const { store, topClassAnalysis } = setup({ payload: null, status: 'idle', model: null });
    await store.getState().runTopClass();
    expect(store.getState().topClassError).toMatch(/Wait for the analysis/);
    expect(topClassAnalysis).not.toHaveBeenCalled();
  });
});
