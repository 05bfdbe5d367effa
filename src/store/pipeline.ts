import { decodeImageFile } from '../io/decodeImage';
import { FIT_VIEWPORT } from '../render/viewport';
import type { AnalysisClient } from '../worker/analysisClient';
import type { DecodedFile } from '../worker/imageDecodeProtocol';
import type { StoreApi } from 'zustand/vanilla';
import type { ModelEntry, SampleEntry } from './catalog';
import { fetchCatalog, parseModelCatalog, parseSampleCatalog } from './catalog';
import { buildDisplayRasters } from './displayRasters';
import { groundTruthMask, loadedImage, withFrame } from './imageLoading';
import { projectionSeries } from './projectionSeries';
import type { AppState, LoadedImage, ModelSlice, StoreDeps } from './types';
import { walkRange } from './walk';
import { createWalkRunner } from './walkRunner';

/**
 * The orchestration behind the slices' actions: engine start, model and image loading, analysis,
 * the walk's forward passes.
 *
 * - Every run gets a generation number; a run overtaken by a newer one (the user picked another
 *   model mid-analysis) drops its results instead of overwriting newer state.
 * - Engine calls go through one queue, so the worker never loads a model while it analyses.
 * - A superseded analysis is cancelled in the worker between phases.
 * - A payload is valid for one analysis key, `<model>|<image>|<revision>`: the page analyses again
 *   exactly when the model, the image, its frame or its intensity mapping changed.
 */
export interface Pipeline {
  loadCatalogs(): Promise<void>;
  /** Brings the engine, model, image and analysis up to date with modelId/sampleId/image. */
  run(options?: { readonly reanalyze?: boolean }): Promise<void>;
  /** Stops the run in flight; its results are dropped. */
  cancel(): void;
  /** Decodes a file off the main thread and analyses it; a bad file changes nothing but a notice. */
  loadImageFile(file: File): Promise<void>;
  /** Another frame or intensity mapping of the current image, analysed again. */
  changeImage(change: { readonly frame?: number; readonly modelIntensity?: LoadedImage['modelIntensity'] }): Promise<void>;
  importModelFiles(files: readonly File[]): Promise<void>;
  setModelFilesHandler(handler: ((files: readonly File[]) => Promise<unknown>) | null): () => void;
  /** Evaluates the walk at the current position (latest wins: at most one forward pass in flight). */
  walk(): Promise<void>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
}

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export function analysisKeyOf(modelId: string, image: Pick<LoadedImage, 'id' | 'revision'>): string {
  return `${modelId}|${image.id}|${image.revision}`;
}

export function createPipeline(deps: StoreDeps, set: Set, get: Get): Pipeline {
  let generation = 0;
  let imageRequests = 0;
  let fileCounter = 0;
  let clientPromise: Promise<AnalysisClient> | null = null;
  let catalogsPromise: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let analysesInFlight = 0;
  const decode = deps.decodeImage ?? (async (bytes: Uint8Array, name: string): Promise<DecodedFile> => ({ decoded: await decodeImageFile(bytes, name) }));

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  /** Brackets a step with User Timing marks: ifim:<step>:start and ifim:<step>:end. */
  const step = async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    deps.mark?.(`ifim:${name}:start`);
    try {
      return await task();
    } finally {
      deps.mark?.(`ifim:${name}:end`);
    }
  };

  const warn = (message: string): void => set((s) => ({ warnings: [...s.warnings, message] }));

  function loadCatalogs(): Promise<void> {
    catalogsPromise ??= (async () => {
      const [models, samples] = await Promise.allSettled([
        fetchCatalog<ModelEntry>(deps.resolveUrl('models/index.json'), parseModelCatalog, deps.fetch),
        fetchCatalog<SampleEntry>(deps.resolveUrl('samples/index.json'), parseSampleCatalog, deps.fetch),
      ]);
      if (models.status === 'fulfilled') set({ modelCatalog: models.value });
      else warn(`model list unavailable: ${errorText(models.reason)}`);
      if (samples.status === 'fulfilled') set({ sampleCatalog: samples.value });
      else warn(`sample list unavailable: ${errorText(samples.reason)}`);
    })();
    return catalogsPromise;
  }

  function ensureClient(): Promise<AnalysisClient> {
    if (!clientPromise) {
      const attempt = (async () => {
        set({ phase: 'starting-engine' });
        const t0 = deps.now();
        const client = await step('engine-start', deps.createClient);
        try {
          const backend = await step('engine-init', () => client.api.init(get().backendPreference));
          set((s) => ({ backend, engineLocation: client.location, clientTimingsMs: { ...s.clientTimingsMs, engineStart: deps.now() - t0 } }));
          return client;
        } catch (error) {
          client.terminate();
          throw error;
        }
      })();
      // A failed start (e.g. the backend asked for is missing) is retried by the next run.
      attempt.catch(() => {
        if (clientPromise === attempt) clientPromise = null;
      });
      clientPromise = attempt;
    }
    return clientPromise;
  }

  async function loadModel(client: AnalysisClient, id: string): Promise<ModelSlice['model']> {
    const t0 = deps.now();
    try {
      const summary = await step('model-load', () => serial(() => client.api.loadModel(deps.resolveUrl(`models/${id}/model.json`))));
      set((s) => ({ clientTimingsMs: { ...s.clientTimingsMs, modelLoad: deps.now() - t0 } }));
      return { id, summary };
    } catch (error) {
      throw new Error(`model "${id}" could not be loaded: ${errorText(error)}`);
    }
  }

  async function loadSample(id: string): Promise<LoadedImage> {
    const entry = get().sampleCatalog.find((s) => s.id === id);
    if (!entry) throw new Error(`sample "${id}" is not in samples/index.json`);
    const t0 = deps.now();
    const url = deps.resolveUrl(entry.path);
    const image = await step('image-load', async () => {
      const response = await deps.fetch(url);
      if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const name = entry.path.split('/').pop() ?? entry.id;
      let file: DecodedFile;
      try {
        file = await decode(bytes, name);
      } catch (error) {
        throw new Error(`could not decode ${url}: ${errorText(error)}`);
      }
      return loadedImage(entry.id, file.decoded, { kind: 'sample', sampleId: entry.id, url }, entry.title, { groundTruth: groundTruthMask(entry.groundTruth), firstFrame: file.firstFrame });
    });
    set((s) => ({ clientTimingsMs: { ...s.clientTimingsMs, imageLoad: deps.now() - t0 } }));
    return image;
  }

  /** A new image starts at its own default window and the whole view; the walk starts at x. */
  const freshImageView = { displayWindow: null, viewport: FIT_VIEWPORT, walkPosition: 0, walkResult: null } as const;

  async function run(options: { readonly reanalyze?: boolean } = {}): Promise<void> {
    const mine = ++generation;
    const current = (): boolean => mine === generation;
    const { modelId, sampleId } = get();
    if (!modelId && !sampleId && !get().image) {
      set({ status: 'idle', phase: null });
      return;
    }
    if (analysesInFlight > 0) void clientPromise?.then((c) => c.api.cancel());
    set({ status: 'running', error: null });
    try {
      if (sampleId) {
        set({ phase: 'loading-catalogs' });
        await loadCatalogs();
      }
      const client = modelId ? await ensureClient() : null;
      if (!current()) return;
      const needModel = client !== null && modelId !== null && get().model?.id !== modelId;
      const needImage = sampleId !== null && get().image?.id !== sampleId;
      if (needModel || needImage) set({ phase: needModel ? 'loading-model' : 'loading-image', payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null });
      if (needImage) imageRequests++;
      const [model, image] = await Promise.all([
        needModel && client && modelId
          ? loadModel(client, modelId).then((m) => {
              // The worker holds this model now, whichever run asked for it: say so.
              set({ model: m });
              return m;
            })
          : get().model,
        needImage && sampleId ? loadSample(sampleId) : get().image,
      ]);
      if (!current()) return;
      if (needImage) set({ image, ...freshImageView });
      if (!client || !model || !image) {
        set({ status: 'idle', phase: null });
        return;
      }
      const key = analysisKeyOf(model.id, image);
      if (!options.reanalyze && get().analysisKey === key && get().payload) {
        set({ status: 'done', phase: null });
        return;
      }
      const t0 = deps.now();
      analysesInFlight++;
      let payload;
      try {
        payload = await step('analysis', () =>
          serial(() =>
            client.analyze({ image: image.data }, (phase) => {
              if (current()) set({ phase });
            }),
          ),
        );
      } finally {
        analysesInFlight--;
      }
      if (!current()) return;
      // Three renders in three tasks: the numbers and charts first, then x_high/x_low, then the
      // rasters every scrub draws from. Each re-renders part of the page; together, in React's
      // development build on a slow machine, they came close to the 50 ms long-task line
      // (bench/mainThread.spec.ts reports them).
      deps.mark?.('ifim:show:start');
      const sameImage = get().analysisKey?.split('|').slice(0, 2).join('|') === key.split('|').slice(0, 2).join('|');
      set({ payload, analysisKey: key, ...(sameImage ? {} : { walkPosition: 0 }), walkResult: null });
      await yieldToEventLoop();
      if (!current()) return;
      const projections = projectionSeries(payload, model.summary.metadata?.preprocessing ?? null);
      set({ projections });
      await yieldToEventLoop();
      if (!current()) return;
      const s = get();
      const rasters = buildDisplayRasters(payload, projections, { colorMap: s.colorMap, threshold: s.overlayThreshold });
      set((state) => ({
        rasters,
        walkRange: walkRange(payload.xModelSpace, payload.eigenvalues[0] ?? 0),
        status: 'done',
        phase: null,
        clientTimingsMs: { ...state.clientTimingsMs, roundTrip: deps.now() - t0 },
      }));
      deps.mark?.('ifim:show:end');
      if (get().walkPosition !== 0) void walk();
    } catch (error) {
      if (!current()) return;
      if (error instanceof Error && error.name === 'AbortError') {
        set({ status: 'idle', phase: null });
        return;
      }
      set({ status: 'error', phase: null, error: errorText(error) });
    }
  }

  function cancel(): void {
    if (get().status !== 'running') return;
    generation++;
    void clientPromise?.then((c) => c.api.cancel());
    set({ status: 'idle', phase: null });
    get().notify('info', 'Analysis cancelled. The model and image stay loaded; press “Analyse” to run it again.');
  }

  async function loadImageFile(file: File): Promise<void> {
    const mine = ++imageRequests;
    set({ decoding: file.name });
    let image: LoadedImage;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { decoded, firstFrame } = await decode(bytes, file.name);
      image = loadedImage(`file:${file.name}#${++fileCounter}`, decoded, { kind: 'file', name: file.name, bytes: bytes.length }, file.name, { firstFrame });
    } catch (error) {
      if (mine === imageRequests) set({ decoding: null });
      // The message names the file and the problem (ImageDecodeError); nothing else changes.
      get().notify('error', `Could not open ${file.name}: ${stripName(errorText(error), file.name)}`);
      return;
    }
    if (mine !== imageRequests) return; // another image was asked for meanwhile
    set({ decoding: null, sampleId: null, image, ...freshImageView });
    await run();
  }

  async function changeImage(change: { readonly frame?: number; readonly modelIntensity?: LoadedImage['modelIntensity'] }): Promise<void> {
    const image = get().image;
    if (!image) return;
    const frame = change.frame ?? image.frame;
    const modelIntensity = change.modelIntensity === undefined ? image.modelIntensity : change.modelIntensity;
    if (frame === image.frame && modelIntensity === image.modelIntensity) return;
    try {
      set({ image: withFrame(image, frame, modelIntensity), displayWindow: frame === image.frame ? get().displayWindow : null });
    } catch (error) {
      get().notify('error', errorText(error));
      return;
    }
    await run();
  }

  let modelFilesHandler: ((files: readonly File[]) => Promise<unknown>) | null = null;

  function setModelFilesHandler(handler: ((files: readonly File[]) => Promise<unknown>) | null): () => void {
    modelFilesHandler = handler;
    return () => {
      if (modelFilesHandler === handler) modelFilesHandler = null;
    };
  }

  async function importModelFiles(files: readonly File[]): Promise<void> {
    if (modelFilesHandler) {
      await modelFilesHandler(files);
      return;
    }
    // Model files go to the engine's load-from-files call (model.json + shards + metadata.json,
    // or a zip); the model in use stays until the new one has loaded and been checked.
    const names = files.map((f) => f.name);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    let summary;
    try {
      const client = await ensureClient();
      const inputs = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      summary = await step('model-load', () => serial(() => client.api.loadModelFiles(inputs)));
    } catch (error) {
      get().notify('error', `Could not load a model from ${shown}: ${errorText(error)}`);
      return;
    }
    const id = `file:${summary.id}`;
    generation++; // whatever ran before was for the previous model
    set({ modelId: id, model: { id, summary }, payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null, walkResult: null });
    get().notify('info', `Loaded the model “${summary.title}” from ${names.length === 1 ? names[0] : `${names.length} files`}.`);
    if (summary.metadataSource === 'inferred') {
      get().notify('warning', `${summary.title} came without metadata.json: its classes and preprocessing were inferred from the model and may not match how it was trained.`);
    }
    if (summary.notice) get().notify('info', summary.notice);
    await run();
  }

  const walk = createWalkRunner({ get, set, client: () => clientPromise, serial });

  return {
    loadCatalogs,
    run,
    cancel,
    loadImageFile,
    changeImage,
    importModelFiles,
    setModelFilesHandler,
    walk,
    async memory() {
      const client = await ensureClient();
      return serial(() => client.api.memory());
    },
  };
}

/** Lets the browser paint and handle input between two pieces of main-thread work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decoder messages start with the file name ("x.dcm: …"); the notice names it once already. */
function stripName(message: string, name: string): string {
  return message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message.startsWith(`${name} `) ? `it ${message.slice(name.length + 1)}` : message;
}
