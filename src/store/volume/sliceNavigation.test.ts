import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../../worker/analysisClient';
import type { ModelSummary } from '../../worker/protocol';
import { createAppStore } from '../appStore';
import { fakePayload } from '../testing/payloads';

const VOLUME = join(import.meta.dirname, '..', '..', '..', 'test-fixtures', 'volumes', 'ras-uint8.nii.gz');

function summary(id: string): ModelSummary {
  return { id, title: id, classes: ['a', 'b'], head: 'softmax', inputShape: [2, 2, 1], logitSource: 'model-logits', notice: null, metadata: null } as unknown as ModelSummary;
}

/** A fake engine that records the image of every analysis it is asked for. */
function fakeClient() {
  const analysed: Float32Array[] = [];
  const api = {
    init: vi.fn(async () => ({ name: 'cpu' as const, software: false, device: 'JavaScript', skipped: [] })),
    loadModel: vi.fn(async (url: string) => summary(url.split('/').slice(-2, -1)[0])),
    analyze: vi.fn(async (request: { image: { data: Float32Array } }) => {
      analysed.push(Float32Array.from(request.image.data));
      return fakePayload(new Float32Array([0.1, 0.2, 0.3, 0.4]), { width: 2, height: 2, modelId: 'm1' });
    }),
    forward: vi.fn(),
    cancel: vi.fn(),
    memory: vi.fn(async () => ({ numTensors: 0, numBytes: 0 })),
  };
  const client: AnalysisClient = { api: api as unknown as AnalysisClient['api'], location: 'worker', analyze: (request, onPhase) => (api.analyze as unknown as AnalysisClient['analyze'])(request, onPhase), terminate: vi.fn() };
  return { client, api, analysed };
}

const fetchNothing = (async () => new Response('[]', { status: 200 })) as unknown as typeof fetch;

describe('stepping through a volume in the store', () => {
  it('shows each step at once and analyses only the slice the steps rest on', async () => {
    const fake = fakeClient();
    let t = 0;
    const store = createAppStore({ createClient: async () => fake.client, fetch: fetchNothing, resolveUrl: (p) => `http://test/${p}`, now: () => (t += 10) });
    await store.getState().boot({ backend: 'cpu', modelId: 'm1', sampleId: null });
    await store.getState().loadImageFile(new File([readFileSync(VOLUME)], 'ras-uint8.nii.gz'));
    expect(store.getState().image?.frame).toBe(3);
    expect(fake.api.analyze).toHaveBeenCalledTimes(1);

    // Three steps in one task (a held key): each shows at once; one analysis follows, of the last.
    const steps = [store.getState().stepFrame(1), store.getState().stepFrame(1), store.getState().stepFrame(-1)];
    expect(store.getState().image?.frame).toBe(4);
    // 'running' at once: nobody reads slice 3's analysis as this one's.
    expect(store.getState().status).toBe('running');
    expect(fake.api.analyze).toHaveBeenCalledTimes(1);
    await Promise.all(steps);
    expect(fake.api.analyze).toHaveBeenCalledTimes(2);
    expect(store.getState().status).toBe('done');
    expect(fake.analysed).toHaveLength(2);
    expect(Array.from(fake.analysed[1])).toEqual(Array.from(store.getState().image!.data.data));
    expect(store.getState().analysisKey).toBe(`m1|${store.getState().image!.id}|${store.getState().image!.revision}`);
    // Clamped at the ends.
    await store.getState().selectFrame(0);
    await store.getState().stepFrame(-1);
    expect(store.getState().image?.frame).toBe(0);
  });
});
