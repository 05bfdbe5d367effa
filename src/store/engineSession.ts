import type { AnalysisClient } from '../worker/analysisClient';
import type { AnalysisApi, BackendPreference, BackendReport, ModelFileInput, ModelSummary, StudyProgress } from '../worker/protocol';

/**
 * The page's one engine session: every request to the analysis worker goes through here.
 *
 * - The engine starts once (worker, then backend init); a failed start is retried by the next request.
 * - Requests run one after another in the order they were made, so the worker never loads a
 *   model while it analyses, and a walk's forward pass never interleaves with a study.
 * - cancel() and the progress poll bypass the queue: they must reach the request that runs now.
 * - One model-load path for every source (catalog URL, a URL typed or in ?modelUrl=, dropped or
 *   picked files, folders, zips, `.onnx`): files go to the engine unchanged, and the engine's
 *   reader for the format does the rest (src/engine/modelFromFiles.ts).
 */
export interface EngineSession {
  /** Starts the engine if it has not started (phase callbacks through `hooks.onStarting`). */
  start(): Promise<AnalysisClient>;
  /** True once a start has been asked for (the walk never starts the engine itself). */
  readonly started: boolean;
  /** Runs `task` after every earlier request has settled. */
  request<T>(name: string, task: (client: AnalysisClient) => Promise<T>): Promise<T>;
  /** As request, polling the worker's progress every `pollMs` while the task runs. */
  requestWithProgress<T>(name: string, task: (api: AnalysisApi) => Promise<T>, onProgress: (progress: StudyProgress) => void): Promise<T>;
  /** The one model-load path: a URL, or files as the user gave them. */
  loadModel(source: ModelSource): Promise<ModelSummary>;
  /** Stops whatever the worker runs now at its next boundary (it rejects with an AbortError). */
  cancel(): void;
}

export type ModelSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'files'; readonly files: readonly ModelFileInput[] };

export interface EngineSessionHooks {
  readonly createClient: () => Promise<AnalysisClient>;
  readonly backend: () => BackendPreference;
  readonly now: () => number;
  /** User Timing marks (`ifim:<step>:start|end`). */
  readonly mark?: (name: string) => void;
  readonly onStarting?: () => void;
  readonly onStarted?: (report: BackendReport, location: AnalysisClient['location'], ms: number) => void;
  /** Interval of the progress poll, ms (default 250). */
  readonly pollMs?: number;
}

export function createEngineSession(hooks: EngineSessionHooks): EngineSession {
  let clientPromise: Promise<AnalysisClient> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const step = async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    hooks.mark?.(`ifim:${name}:start`);
    try {
      return await task();
    } finally {
      hooks.mark?.(`ifim:${name}:end`);
    }
  };

  const start = (): Promise<AnalysisClient> => {
    if (!clientPromise) {
      const attempt = (async () => {
        hooks.onStarting?.();
        const t0 = hooks.now();
        const client = await step('engine-start', hooks.createClient);
        try {
          const report = await step('engine-init', () => client.api.init(hooks.backend()));
          hooks.onStarted?.(report, client.location, hooks.now() - t0);
          return client;
        } catch (error) {
          client.terminate();
          throw error;
        }
      })();
      attempt.catch(() => {
        if (clientPromise === attempt) clientPromise = null;
      });
      clientPromise = attempt;
    }
    return clientPromise;
  };

  const request = <T>(name: string, task: (client: AnalysisClient) => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => step(name, async () => task(await start()));
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    start,
    get started() {
      return clientPromise !== null;
    },
    request,
    requestWithProgress(name, task, onProgress) {
      return request(name, async (client) => {
        let polling = true;
        const poll = async (): Promise<void> => {
          while (polling) {
            await new Promise((r) => setTimeout(r, hooks.pollMs ?? 250));
            if (!polling) break;
            const p = await client.api.studyProgress().catch(() => null);
            if (p && polling) onProgress(p);
          }
        };
        void poll();
        try {
          return await task(client.api);
        } finally {
          polling = false;
        }
      });
    },
    loadModel(source) {
      return request('model-load', (client) => (source.kind === 'url' ? client.api.loadModel(source.url) : client.api.loadModelFiles(source.files)));
    },
    cancel() {
      void clientPromise?.then((c) => c.api.cancel()).catch(() => undefined);
    },
  };
}
