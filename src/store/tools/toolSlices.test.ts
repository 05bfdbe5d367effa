import { describe, expect, it, vi } from 'vitest';
import type { AnalysisClient } from '../../worker/analysisClient';
import type { DatasetStudyPayload, DatasetStudyRequest, EvidenceStudyResult, ModelSummary } from '../../worker/protocol';
import type { AppStore } from '../appStore';
import { createAppStore } from '../appStore';
import type { AppState } from '../types';
import { memoryRecentModelStore } from './recentModels';

const summary = (id: string): ModelSummary => ({
  id,
  title: `Title ${id}`,
  classes: ['a', 'b'],
  head: 'softmax',
  inputShape: [2, 2, 1],
  logitSource: 'model-logits',
  notice: null,
  metadata: { formatVersion: 1, id, title: `Title ${id}`, description: '', classes: ['a', 'b'], head: 'softmax', input: { height: 2, width: 2, channels: 1 }, preprocessing: { intensity: 'unit', mean: [0.5], std: [0.25], resize: 'bilinear' } },
  metadataSource: 'inferred',
});

/**
 * The one store with a page already showing model 'demo' and an analysed image; the page-level
 * actions the tool slices call (analyze, cancel, notify) are spies.
 */
function storeWithPage(client: AnalysisClient, recent: ReturnType<typeof memoryRecentModelStore>): { app: AppStore; analyze: ReturnType<typeof vi.fn>; notify: ReturnType<typeof vi.fn> } {
  const app = createAppStore({ createClient: async () => client, fetch: (async () => new Response('', { status: 404 })) as typeof fetch, resolveUrl: (p) => `http://test/${p}`, now: () => 0, recent, probeUrl: async () => ({ kind: 'network-error' }), pollMs: 1 });
  const analyze = vi.fn(async () => {
    app.setState({ status: 'done', payload: {} as AppState['payload'], analysisKey: `${app.getState().model?.id}|img|0` });
  });
  const notify = vi.fn();
  app.setState({ status: 'done', model: { id: 'demo', summary: summary('demo') }, modelId: 'demo', payload: {} as AppState['payload'], analysisKey: 'demo|img|0', analyze, notify, cancel: vi.fn(), engineMemory: vi.fn() } as Partial<AppState>);
  return { app, analyze, notify };
}

const dataset = { modelId: 'demo', taskId: 'lumpy-ske', count: 8, dataSeed: 1, source: '8 images', epsilons: [1], draws: 1, clean: { accuracy: 1, auc: 1 }, table: [], slopes: {}, noiseFloor: 0, seconds: 0 } as DatasetStudyPayload;

const study = { modelId: 'x', epsilons: [1], draws: 1, records: [], eigenvalues: new Float64Array(1), kUsed: 1, highNorm: 1, noiseFloor: 0, slopes: {}, skipped: [], seconds: 0 } as EvidenceStudyResult;

function fakeClient() {
  const api = {
    init: vi.fn(async () => ({ name: 'cpu' as const, software: false, device: 'JavaScript', skipped: [] })),
    loadModelFiles: vi.fn(async (files: Array<{ name: string }>) => {
      if (files.some((f) => f.name === 'broken.bin')) {
        const e = new Error('weight shard broken.bin has the wrong size');
        e.name = 'ModelLoadError(shard-size)';
        throw e;
      }
      return summary('twin');
    }),
    jacobianMemory: vi.fn(async () => ({ classesAnalysed: 2, inputSize: 4, jacobianBytes: 32, classesPerChunk: 2, chunks: 1, activationBytes: 10, totalBytes: 42, bufferLimitBytes: 1e9 })),
    applyMetadata: vi.fn(async (m: ModelSummary['metadata']) => ({ ...summary('twin'), metadata: m, metadataSource: 'file' as const, classes: m!.classes })),
    loadModel: vi.fn(async (): Promise<ModelSummary> => {
      throw new TypeError('Failed to fetch');
    }),
    perturbationStudy: vi.fn(async () => study),
    datasetStudy: vi.fn(async (request: DatasetStudyRequest) => ({ ...dataset, count: request.count, epsilons: request.epsilons })),
    studyProgress: vi.fn(async () => ({ fraction: 0.5, label: 'perturbation study' })),
    cancel: vi.fn(),
  };
  return { client: { api, location: 'worker', analyze: vi.fn(), terminate: vi.fn() } as unknown as AnalysisClient, api };
}

function setup() {
  const { client, api } = fakeClient();
  const recent = memoryRecentModelStore();
  const { app, analyze, notify } = storeWithPage(client, recent);
  // One store: the tool slices are the page's own.
  return { app, analyze, notify, api, tools: app, recent };
}

const file = (name: string) => ({ name, bytes: new Uint8Array([1, 2, 3]) });

describe('model import slice', () => {
  it('makes a loaded model the page model, analyses, fills the form and remembers it', async () => {
    const { app, analyze, tools, recent } = setup();
    expect(await tools.getState().loadModelFiles([file('model.json'), file('weights.bin')])).toBe(true);
    expect(app.getState().model?.id).toBe('file:twin');
    expect(analyze).toHaveBeenCalledOnce();
    expect(tools.getState().metadataDraft?.classes).toBe('a\nb');
    expect(tools.getState().jacobianMemory?.totalBytes).toBe(42);
    const saved = await recent.list();
    expect(saved.map((m) => m.key)).toEqual(['files:twin']);
    expect(saved[0].totalBytes).toBe(6);
  });

  it('names the problem and the file of a failed load and keeps the model in use', async () => {
    const { app, analyze, tools, notify } = setup();
    expect(await tools.getState().loadModelFiles([file('model.json'), file('broken.bin')])).toBe(false);
    expect(tools.getState().importProblem).toMatchObject({ code: 'shard-size', what: 'model.json, broken.bin' });
    expect(app.getState().model?.id).toBe('demo');
    expect(analyze).not.toHaveBeenCalled();
    expect(notify).toHaveBeenCalledWith('error', expect.stringContaining('broken.bin'));
  });

  it('finishes the analysis a failed load interrupted', async () => {
    const { app, analyze, tools } = setup();
    app.setState({ status: 'running' } as Partial<AppState>);
    expect(await tools.getState().loadModelUrl('http://127.0.0.1:9/model.json')).toBe(false);
    expect(app.getState().cancel).toHaveBeenCalledOnce();
    expect(analyze).toHaveBeenCalledOnce();
    expect(tools.getState().importProblem?.hint).toMatch(/CORS/);
  });

  it('applies the form and analyses again; refuses an invalid form', async () => {
    const { app, analyze, tools, api } = setup();
    await tools.getState().loadModelFiles([file('model.json'), file('weights.bin')]);
    tools.getState().setDraft({ classes: 'only one' });
    expect(await tools.getState().applyDraft()).toBe(false);
    expect(tools.getState().draftError).toMatch(/2 outputs/);
    tools.getState().setDraft({ classes: 'normal\nlesion' });
    expect(tools.getState().metadataJson()).toContain('"lesion"');
    expect(await tools.getState().applyDraft()).toBe(true);
    expect(api.applyMetadata).toHaveBeenCalledWith(expect.objectContaining({ classes: ['normal', 'lesion'] }));
    expect(app.getState().model?.summary.classes).toEqual(['normal', 'lesion']);
    expect(analyze).toHaveBeenCalledTimes(2);
  });

  it('reopens a recent model with one call', async () => {
    const { tools, api } = setup();
    await tools.getState().loadModelFiles([file('model.json'), file('weights.bin')]);
    expect(await tools.getState().openRecent('files:twin')).toBe(true);
    expect(api.loadModelFiles).toHaveBeenCalledTimes(2);
  });
});

describe('evidence slice', () => {
  it('runs the study on the current analysis and keeps its result with the analysis key', async () => {
    const { tools } = setup();
    tools.getState().setStudyOptions({ epsilons: '0.1, 1', draws: 2 });
    await tools.getState().runStudy();
    expect(tools.getState().study).toBe(study);
    expect(tools.getState().evidenceKey).toBe('demo|img|0');
    expect(tools.getState().job).toBeNull();
  });

  it('refuses to run before an analysis and reports a cancelled study', async () => {
    const { app, tools, api } = setup();
    app.setState({ payload: null });
    await tools.getState().runStudy();
    expect(tools.getState().evidenceError).toMatch(/analysis/);
    app.setState({ payload: {} as AppState['payload'] });
    api.perturbationStudy.mockImplementationOnce(async () => {
      const e = new Error('the study was cancelled');
      e.name = 'AbortError';
      throw e;
    });
    await tools.getState().runStudy();
    expect(tools.getState().evidenceError).toBe('perturbation study cancelled.');
  });

  it('drops results when the image changed meanwhile, and clears them on a new analysis', async () => {
    const { app, tools, api } = setup();
    api.perturbationStudy.mockImplementationOnce(async () => {
      app.setState({ analysisKey: 'demo|other|0' });
      return study;
    });
    await tools.getState().runStudy();
    expect(tools.getState().study).toBeNull();
    await tools.getState().runStudy();
    expect(tools.getState().study).toBe(study);
    app.setState({ analysisKey: 'demo|third|0' });
    expect(tools.getState().study).toBeNull();
  });

  it('runs the data-set study on the model without an analysed image, keeps it across images, drops it with the model', async () => {
    const { tools, api, app } = setup();
    app.setState({ payload: null, analysisKey: null, status: 'idle' } as Partial<AppState>);
    tools.getState().setDatasetOptions({ count: 8, epsilons: '0.1, 0.01, 1', draws: 1 });
    await tools.getState().runDatasetStudy();
    expect(api.datasetStudy).toHaveBeenCalledWith({ count: 8, epsilons: [0.01, 0.1, 1], draws: 1, k: 1, seed: 0 });
    expect(tools.getState().dataset?.count).toBe(8);
    expect(tools.getState().job).toBeNull();
    app.setState({ analysisKey: 'demo|other|0' } as Partial<AppState>);
    expect(tools.getState().dataset).not.toBeNull();
    app.setState({ model: { id: 'twin', summary: summary('twin') } } as Partial<AppState>);
    expect(tools.getState().dataset).toBeNull();
  });

  it('refuses bad data-set options and reports a cancelled data-set study', async () => {
    const { tools, api } = setup();
    tools.getState().setDatasetOptions({ count: 0 });
    await tools.getState().runDatasetStudy();
    expect(tools.getState().evidenceError).toMatch(/^n must be/);
    expect(api.datasetStudy).not.toHaveBeenCalled();
    tools.getState().setDatasetOptions({ count: 4 });
    api.datasetStudy.mockImplementationOnce(async () => {
      const e = new Error('the study was cancelled');
      e.name = 'AbortError';
      throw e;
    });
    await tools.getState().runDatasetStudy();
    expect(tools.getState().evidenceError).toBe('dataset study cancelled.');
    expect(tools.getState().dataset).toBeNull();
  });

  it('sends the chosen images (bytes) and labels CSV to the worker for the data-set study', async () => {
    const { tools, api } = setup();
    tools.getState().setDatasetFiles({ images: [new File([new Uint8Array([1, 2])], 'a.png')] });
    expect(tools.getState().datasetOptions.source).toBe('files');
    await tools.getState().runDatasetStudy();
    expect(tools.getState().evidenceError).toMatch(/labels CSV/);
    expect(api.datasetStudy).not.toHaveBeenCalled();
    tools.getState().setDatasetFiles({ labels: new File(['file,label\na.png,1\n'], 'labels.csv') });
    await tools.getState().runDatasetStudy();
    const request = api.datasetStudy.mock.calls[0][0];
    expect(request.files?.csv).toBe('file,label\na.png,1\n');
    expect(request.files?.csvName).toBe('labels.csv');
    expect(request.files?.images.map((f) => [f.name, [...new Uint8Array(f.bytes)]])).toEqual([['a.png', [1, 2]]]);
    expect(tools.getState().dataset).not.toBeNull();
  });
});
