import { encode } from 'fast-png';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../worker/analysisClient';
import type { AnalysisPayload, ModelSummary } from '../worker/protocol';
import type { AppStore } from './appStore';
import { createAppStore } from './appStore';
import { effectiveK, effectiveMode } from './selectors';
import { fakePayload } from './testing/payloads';

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

describe('app store: files, scrubbing, the walk, cancel', () => {
  const png4 = encode({ width: 4, height: 4, data: Uint16Array.from({ length: 16 }, (_, i) => i * 4000), depth: 16, channels: 1 });
  const files4: Record<string, () => Response> = {
    ...files,
    'http://test/samples/index.json': () => Response.json([{ id: 's4', title: 'Four', task: 't', path: 'samples/s4.png', groundTruth: { className: 'a' } }]),
    'http://test/samples/s4.png': () => new Response(Uint8Array.from(png4)),
  };
  const fetch4 = (async (input: RequestInfo | URL) => (files4[String(input)] ?? (() => new Response('not found', { status: 404 })))()) as typeof fetch;

  function twoModeClient() {
    const api = {
      init: vi.fn(async () => ({ name: 'cpu' as const, software: false, device: 'JavaScript', skipped: [] })),
      loadModel: vi.fn(async () => ({ ...summary('m1'), inputShape: [4, 4, 1] as const, classes: ['a', 'b', 'c'] })),
      loadModelFiles: vi.fn(async () => ({ ...summary('dropped'), title: 'Dropped model', inputShape: [4, 4, 1] as const, metadataSource: 'inferred' as const })),
      analyze: vi.fn(async (request: { image: { data: Float32Array } }) => fakePayload(Float32Array.from(request.image.data, (v) => (v - 0.5) / 0.25))),
      forward: vi.fn(async (x: Float32Array) => ({ logits: new Float32Array([1 + x[0] * 0.01, 0.5, -1]), probabilities: new Float64Array([0.5, 0.3, 0.2]) })),
      cancel: vi.fn(),
      memory: vi.fn(async () => ({ numTensors: 0, numBytes: 0 })),
    };
    const client: AnalysisClient = {
      api: api as unknown as AnalysisClient['api'],
      location: 'worker',
      analyze: (request, onPhase) => (api.analyze as unknown as AnalysisClient['analyze'])(request, onPhase),
      terminate: vi.fn(),
    };
    return { client, api };
  }

  async function booted() {
    const fake = twoModeClient();
    let t = 0;
    const store = createAppStore({ createClient: async () => fake.client, fetch: fetch4, resolveUrl: (p) => `http://test/${p}`, now: () => (t += 10) });
    await store.getState().boot({ backend: 'cpu', modelId: 'm1', sampleId: 's4' });
    expect(store.getState().status).toBe('done');
    return { store, fake };
  }

  it('builds the rasters a scrub draws from, and steps i and k within the modes', async () => {
    const { store } = await booted();
    const s = store.getState();
    expect(s.rasters?.modes).toHaveLength(2);
    expect(s.rasters?.components).toHaveLength(3);
    expect(s.walkRange?.epsilonMax).toBeGreaterThan(0);
    s.stepMode(1);
    expect(store.getState().selectedMode).toBe(1);
    s.stepMode(1);
    expect(store.getState().selectedMode).toBe(1);
    s.stepMode(-5);
    expect(store.getState().selectedMode).toBe(0);
    s.stepK(1);
    s.stepK(1);
    s.stepK(1);
    expect(store.getState().k).toBe(2);
    s.stepK(-9);
    expect(store.getState().k).toBe(0);
  });

  it('opens a dropped PNG and analyses it; a broken file changes nothing but a notice', async () => {
    const { store, fake } = await booted();
    const before = store.getState();
    await store.getState().loadImageFile(new File([new TextEncoder().encode('not an image at all')], 'notes.png'));
    const after = store.getState();
    expect(after.image).toBe(before.image);
    expect(after.payload).toBe(before.payload);
    expect(after.status).toBe('done');
    expect(after.notices.at(-1)?.level).toBe('error');
    expect(after.notices.at(-1)?.text).toContain('notes.png');
    expect(after.notices.at(-1)?.text).toContain('not a PNG or JPEG image');

    await store.getState().loadImageFile(new File([Uint8Array.from(png4)], 'mine.png'));
    const opened = store.getState();
    expect(opened.image?.source.kind).toBe('file');
    expect(opened.image?.name).toBe('mine.png');
    expect(opened.sampleId).toBeNull();
    expect(opened.status).toBe('done');
    expect(fake.api.analyze).toHaveBeenCalledTimes(2);
    expect(opened.analysisKey).toContain('file:mine.png');
  });

  it('walks along v_i: forward at x + εv_i, KL measured from the logits beside ½ε²λ_i', async () => {
    const { store, fake } = await booted();
    const s = store.getState();
    const range = s.walkRange!;
    s.setWalkPosition(0.5);
    await vi.waitFor(() => expect(store.getState().walkResult?.epsilon).not.toBe(0));
    await vi.waitFor(() => expect(store.getState().walkPending).toBe(false));
    const epsilon = 0.25 * range.epsilonMax;
    const x = s.payload!.xModelSpace;
    const sent = fake.api.forward.mock.calls.at(-1)?.[0] as Float32Array;
    expect(sent[0]).toBeCloseTo(x[0] + epsilon, 5); // v_1 = e_0
    expect(sent[1]).toBeCloseTo(x[1], 6);
    const result = store.getState().walkResult!;
    expect(result.epsilon).toBeCloseTo(epsilon, 12);
    expect(result.predictedKl).toBeCloseTo(0.5 * epsilon * epsilon * 0.4, 12);
    expect(result.measuredKl).toBeGreaterThan(0);
    // Another mode walks again at once.
    store.getState().setSelectedMode(1);
    await vi.waitFor(() => expect(store.getState().walkResult?.key).toContain('mode:1'));
    await vi.waitFor(() => expect((fake.api.forward.mock.calls.at(-1)?.[0] as Float32Array)[1]).toBeCloseTo(x[1] + epsilon, 5));
    // The random complement direction: orthogonal to v_1 … v_k, so nearly no predicted KL.
    store.getState().setK(2);
    store.getState().setWalkTarget('complement');
    await vi.waitFor(() => expect(store.getState().walkResult?.target).toBe('complement'));
    expect(store.getState().walkResult?.predictedKl).toBeLessThan(1e-12);
  });

  it('loads dropped model files through the engine and analyses the image with them', async () => {
    const { store, fake } = await booted();
    await store.getState().onModelFilesDropped([new File(['{}'], 'model.json'), new File([new Uint8Array(4)], 'group1-shard1of1.bin')]);
    expect(fake.api.loadModelFiles).toHaveBeenCalledTimes(1);
    const s = store.getState();
    expect(s.model?.id).toBe('file:dropped');
    expect(s.status).toBe('done');
    expect(fake.api.analyze).toHaveBeenCalledTimes(2);
    expect(s.notices.map((n) => n.level)).toContain('warning'); // inferred metadata
    fake.api.loadModelFiles.mockRejectedValueOnce(new Error('model.json names a shard that was not dropped'));
    await store.getState().onModelFilesDropped([new File(['{}'], 'model.json')]);
    expect(store.getState().model?.id).toBe('file:dropped');
    expect(store.getState().notices.at(-1)?.text).toContain('shard that was not dropped');
    // The drop takes the import slice's one path: the failed load is its current problem.
    expect(store.getState().importProblem?.what).toBe('model.json');
  });

  it('cancels the analysis in flight', async () => {
    const { store, fake } = await booted();
    let release: () => void = () => {};
    fake.api.analyze.mockImplementationOnce(async (request: { image: { data: Float32Array } }) => {
      await new Promise<void>((r) => (release = r));
      return fakePayload(Float32Array.from(request.image.data));
    });
    const running = store.getState().analyze();
    await vi.waitFor(() => expect(store.getState().status).toBe('running'));
    store.getState().cancel();
    expect(store.getState().status).toBe('idle');
    await vi.waitFor(() => expect(fake.api.cancel).toHaveBeenCalled());
    release();
    await running;
    expect(store.getState().status).toBe('idle');
    expect(store.getState().notices.at(-1)?.text).toContain('cancelled');
  });
});
