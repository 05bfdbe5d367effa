import { encode } from 'fast-png';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../worker/analysisClient';
import type { AnalysisPayload, ModelSummary } from '../worker/protocol';
import type { AppStore } from './appStore';
import { createAppStore } from './appStore';
import { effectiveK, effectiveMode } from './selectors';

// A 2×2 gray model input with one mode: v_1 = e_1, so x_high(1) keeps pixel 0 only.
function payloadFor(modelId: string, x: Float32Array): AnalysisPayload {
  const v = new Float32Array([1, 0, 0, 0]);
  return {
    modelId,
    classes: ['a', 'b'],
    head: 'softmax',
    inputShape: [2, 2, 1],
    xModelSpace: x,
    logits: new Float32Array([0.5, -0.5]),
    probabilities: new Float64Array([0.731, 0.269]),
    logitGram: new Float64Array(4),
    fisherGram: new Float64Array(4),
    eigenvalues: new Float64Array([0.2, 1e-19]),
    gramEigenvectors: new Float64Array([1, 0, 0, 1]),
    rank: 1,
    traceFisher: 0.2,
    modeCount: 1,
    imageEigenvectors: v,
    modeClassWeights: new Float64Array(2),
    coefficients: new Float64Array([x[0]]),
    timingsMs: { preprocess: 1, forward: 2, jacobian: 3, eigen: 4, projection: 5, total: 15 },
    tensors: { before: 3, after: 3 },
  };
}

function summary(id: string): ModelSummary {
  return {
    id,
    title: id,
    classes: ['a', 'b'],
    head: 'softmax',
    inputShape: [2, 2, 1],
    logitSource: 'model-logits',
    notice: null,
    metadata: { formatVersion: 1, id, title: id, description: '', classes: ['a', 'b'], head: 'softmax', input: { height: 2, width: 2, channels: 1 }, preprocessing: { intensity: 'unit', mean: [0.5], std: [0.25], resize: 'bilinear' } },
  };
}

const png = encode({ width: 2, height: 2, data: new Uint16Array([0, 65535, 32768, 16384]), depth: 16, channels: 1 });

const files: Record<string, () => Response> = {
  'http://test/models/index.json': () => Response.json([{ id: 'm1', title: 'Model one', task: 'lumpy-ske' }, { id: 'm2' }]),
  'http://test/samples/index.json': () => Response.json([{ id: 's1', title: 'Sample', task: 'lumpy-ske', path: 'samples/s1.png', groundTruth: 'a' }]),
  'http://test/samples/s1.png': () => new Response(Uint8Array.from(png)),
};

const fakeFetch = (async (input: RequestInfo | URL) => (files[String(input)] ?? (() => new Response('not found', { status: 404 })))()) as typeof fetch;

function fakeClient() {
  const api = {
    init: vi.fn(async () => ({ name: 'cpu' as const, software: false, device: 'JavaScript', skipped: [] })),
    loadModel: vi.fn(async (url: string) => summary(url.split('/').slice(-2, -1)[0])),
    analyze: vi.fn(async (request: { image: { data: Float32Array } }) => payloadFor('m', Float32Array.from(request.image.data, (v) => (v - 0.5) / 0.25))),
    forward: vi.fn(),
    cancel: vi.fn(),
    memory: vi.fn(async () => ({ numTensors: 7, numBytes: 70 })),
  };
  const client: AnalysisClient = {
    api: api as unknown as AnalysisClient['api'],
    location: 'worker',
    analyze: (request, onPhase) => {
      onPhase?.('jacobian');
      return (api.analyze as unknown as AnalysisClient['analyze'])(request, onPhase);
    },
    terminate: vi.fn(),
  };
  return { client, api };
}

function storeWith(client: AnalysisClient): AppStore {
  let t = 0;
  return createAppStore({ createClient: async () => client, fetch: fakeFetch, resolveUrl: (p) => `http://test/${p}`, now: () => (t += 10) });
}

describe('app store', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
  });

  it('boots: engine, catalogs, model, image, analysis', async () => {
    const store = storeWith(fake.client);
    expect(store.getState().status).toBe('idle');
    await store.getState().boot({ backend: 'cpu', modelId: 'm1', sampleId: 's1', k: 5, selectedMode: 0 });
    const s = store.getState();
    expect(s.status).toBe('done');
    expect(s.error).toBeNull();
    expect(fake.api.init).toHaveBeenCalledWith('cpu');
    expect(fake.api.loadModel).toHaveBeenCalledWith('http://test/models/m1/model.json');
    expect(s.modelCatalog.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(s.image?.data.bitDepth).toBe(16);
    expect(s.backend?.name).toBe('cpu');
    expect(effectiveK(s)).toBe(1); // asked for 5, one mode exists
    expect(effectiveMode(s)).toBe(0);
    expect(s.clientTimingsMs.roundTrip).toBeGreaterThan(0);
  });

  it('derives x_high and x_low in display space, summing to x', async () => {
    const store = storeWith(fake.client);
    await store.getState().boot({ backend: 'auto', modelId: 'm1', sampleId: 's1' });
    const p = store.getState().projections;
    expect(p).not.toBeNull();
    if (!p) return;
    expect(p.high).toHaveLength(2);
    // Display space: x = image values; x_high(0) = 0 in model space = the mean (0.5) in display space.
    expect(Array.from(p.x)).toEqual(Array.from(store.getState().image?.data.data ?? []));
    expect(Array.from(p.high[0])).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(p.high[1][0]).toBeCloseTo(p.x[0], 6);
    expect(p.low[1][0]).toBeCloseTo(0.5, 6);
    expect(p.low[1][1]).toBeCloseTo(p.x[1], 6);
  });

  it('re-analyses on request and reports engine memory', async () => {
    const store = storeWith(fake.client);
    await store.getState().boot({ backend: 'auto', modelId: 'm1', sampleId: 's1' });
    await store.getState().analyze();
    expect(fake.api.analyze).toHaveBeenCalledTimes(2);
    expect(fake.api.loadModel).toHaveBeenCalledTimes(1);
    expect(await store.getState().engineMemory()).toEqual({ numTensors: 7, numBytes: 70 });
  });

  it('says which model failed to load, and keeps going with the next choice', async () => {
    fake.api.loadModel.mockRejectedValueOnce(new Error('HTTP 404'));
    const store = storeWith(fake.client);
    await store.getState().boot({ backend: 'auto', modelId: 'nope', sampleId: 's1' });
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBe('model "nope" could not be loaded: HTTP 404');
    await store.getState().selectModel('m2');
    expect(store.getState().status).toBe('done');
    expect(store.getState().model?.id).toBe('m2');
  });

  it('drops the result of an analysis overtaken by a newer choice', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const first = fake.api.analyze.getMockImplementation();
    fake.api.analyze.mockImplementationOnce(async (request: { image: { data: Float32Array } }) => {
      await gate;
      return first!(request);
    });
    const store = storeWith(fake.client);
    const booting = store.getState().boot({ backend: 'auto', modelId: 'm1', sampleId: 's1' });
    await vi.waitFor(() => expect(fake.api.analyze).toHaveBeenCalledTimes(1));
    const switching = store.getState().selectModel('m2');
    await vi.waitFor(() => expect(fake.api.cancel).toHaveBeenCalled());
    release();
    await Promise.all([booting, switching]);
    expect(store.getState().status).toBe('done');
    expect(store.getState().model?.id).toBe('m2');
    expect(fake.api.analyze).toHaveBeenCalledTimes(2);
  });

  it('reports a sample missing from the catalog', async () => {
    const store = storeWith(fake.client);
    await store.getState().boot({ backend: 'auto', modelId: 'm1', sampleId: 'ghost' });
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toContain('sample "ghost" is not in samples/index.json');
  });
});
