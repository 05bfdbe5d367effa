import * as Comlink from 'comlink';
import type { AnalysisApi, AnalysisPhase, AnalysisRequest } from './protocol';

export interface AnalysisClient {
  readonly api: AnalysisApi;
  /** 'worker' normally; 'main-thread' when no module worker could start. */
  readonly location: 'worker' | 'main-thread';
  analyze(request: AnalysisRequest, onPhase?: (phase: AnalysisPhase) => void): Promise<ReturnType<AnalysisApi['analyze']> extends Promise<infer P> ? P : never>;
  terminate(): void;
}

/**
 * Starts the analysis worker and returns its promise API. If the worker cannot start (old browser,
 * blocked by policy), the same service runs on the main thread, loaded on demand so that TF.js is
 * not in the main bundle otherwise.
 */
export function createAnalysisClient(): Promise<AnalysisClient> {
  return startAnalysisClient();
}

async function startAnalysisClient(): Promise<AnalysisClient> {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./analysisWorker.ts', import.meta.url), { type: 'module', name: 'ifim-analysis' });
    const api = Comlink.wrap<AnalysisApi>(worker);
    await probeWorker(worker, api);
    return {
      api: api as unknown as AnalysisApi,
      location: 'worker',
      analyze: (request, onPhase) => api.analyze(request, onPhase ? Comlink.proxy(onPhase) : undefined),
      terminate: () => worker?.terminate(),
    };
  } catch (error) {
    // A worker that started but failed its probe would otherwise live on beside the fallback.
    worker?.terminate();
    console.warn('analysis worker unavailable; running on the main thread:', error instanceof Error ? error.message : error);
    const [{ createAnalysisService }, { browserPlatform }] = await Promise.all([import('./analysisService'), import('../engine/browserPlatform')]);
    const api = createAnalysisService(browserPlatform);
    return { api, location: 'main-thread', analyze: (request, onPhase) => api.analyze(request, onPhase), terminate: () => {} };
  }
}

/** Resolves once the worker answers; rejects if it fails to load. */
function probeWorker(worker: Worker, api: Comlink.Remote<AnalysisApi>): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (event: ErrorEvent): void => reject(new Error(event.message || 'worker failed to start'));
    worker.addEventListener('error', onError, { once: true });
    api.memory().then(
      () => {
        worker.removeEventListener('error', onError);
        resolve();
      },
      (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
    );
  });
}
