import { serializeMetadata } from '../../core';
import type { ModelFileInput, ModelSummary } from '../../worker/protocol';
import type { ModelSource } from '../engineSession';
import { CONFIRM_JACOBIAN_BYTES } from '../toolTypes';
import type { ModelImportSlice, SliceContext, SliceCreator } from '../types';
import type { LoadOrigin, RecentModel } from './modelImportLogic';
import { describeLoadError, draftFromMetadata, filesForReload, filesLabel, metadataFromDraft, recentKeyOf, withRecent } from './modelImportLogic';
import { memoryRecentModelStore } from './recentModels';
import type { UrlProbe } from './modelImportLogic';

async function toInputs(files: readonly (File | ModelFileInput)[]): Promise<ModelFileInput[]> {
  return Promise.all(files.map(async (f) => (f.bytes instanceof Uint8Array ? { name: f.name, bytes: f.bytes } : { name: f.name, bytes: new Uint8Array(await (f as File).arrayBuffer()) })));
}

async function probeWithFetch(url: string): Promise<UrlProbe> {
  try {
    const response = await fetch(url, { method: 'GET', cache: 'no-store' });
    return response.ok ? { kind: 'ok' } : { kind: 'http', status: response.status };
  } catch {
    return { kind: 'network-error' };
  }
}

/**
 * Models the user brings — files, a folder, a zip, an `.onnx` file, a URL, a recent one — all
 * through the engine session's one load path; the form for inferred metadata; the recent list.
 */
export const createModelImportSlice =
  ({ deps: storeDeps, engine }: SliceContext): SliceCreator<ModelImportSlice> =>
  (set, get) => {
    const recent = storeDeps.recent ?? memoryRecentModelStore();
    const probeUrl = storeDeps.probeUrl ?? probeWithFetch;
    const now = (): number => Date.now();
    // The recent entry of the model the engine holds, to keep its metadata in step with the form.
    let currentRecent: RecentModel | null = null;

    const saveRecent = async (entry: RecentModel): Promise<void> => {
      currentRecent = entry;
      try {
        const { list, dropped } = withRecent(await recent.list(), entry);
        await recent.put(entry);
        await Promise.all(dropped.map((key) => recent.remove(key)));
        set({ recentModels: list });
      } catch (error) {
        // Storage full or unavailable: the model is loaded all the same.
        console.warn('could not remember the model:', error);
      }
    };

    /** After the engine holds the new model: the form, the memory estimate, the page's analysis. */
    const installed = async (summary: ModelSummary, from: string): Promise<void> => {
      const memory = await engine.request('jacobian-memory', (client) => client.api.jacobianMemory()).catch(() => null);
      const pending = memory !== null && memory.totalBytes > CONFIRM_JACOBIAN_BYTES;
      set({ importBusy: null, importProblem: null, metadataDraft: summary.metadata ? draftFromMetadata(summary.metadata) : null, draftError: null, jacobianMemory: memory, analysisPending: pending });
      if (pending) {
        get().notify('warning', `${summary.title}: the Jacobian needs about ${(memory.totalBytes / 1024 ** 3).toFixed(1)} GiB; confirm in “Model import” to analyse.`);
        await get().adoptModel(summary, { from: null, analyse: false });
        return;
      }
      await get().adoptModel(summary, { from, analyse: true });
    };

    /** Stops the page's analysis in flight, so that the load is not queued behind it. True if one was stopped. */
    const stopPageAnalysis = (): boolean => {
      if (get().status !== 'running') return false;
      get().cancel();
      return true;
    };

    const load = async (what: string, origin: LoadOrigin, task: () => Promise<ModelSummary>, remember: (summary: ModelSummary) => RecentModel | null): Promise<boolean> => {
      set({ importBusy: what });
      const stopped = stopPageAnalysis();
      let summary: ModelSummary;
      try {
        summary = await task();
      } catch (error) {
        // The model in use stays: finish the analysis the load interrupted.
        if (stopped) void get().analyze();
        let o = origin;
        if (o.kind === 'url') o = { ...o, probe: await probeUrl(o.url).catch(() => ({ kind: 'network-error' as const })) };
        const problem = describeLoadError(error, o);
        set({ importBusy: null, importProblem: problem });
        get().notify('error', `Could not load a model from ${problem.what}: ${problem.message}`);
        return false;
      }
      const entry = remember(summary);
      if (entry) await saveRecent(entry);
      await installed(summary, what);
      return true;
    };

    return {
      importBusy: null,
      importProblem: null,
      metadataDraft: null,
      draftError: null,
      jacobianMemory: null,
      analysisPending: false,
      recentModels: [],

      async loadModelFiles(files) {
        const inputs = await toInputs(files);
        const names = inputs.map((f) => f.name);
        // Files go to the engine as given (model.json + shards, a zip, an .onnx file, …): the
        // engine's readers tell the formats apart, so a new format needs no code here.
        const source: ModelSource = { kind: 'files', files: inputs };
        return load(filesLabel(names), { kind: 'files', names }, () => engine.loadModel(source), (summary) => {
          const source = { kind: 'files' as const, files: inputs };
          return { key: recentKeyOf(summary, source), title: summary.title, savedAt: now(), source, metadata: summary.metadata, totalBytes: inputs.reduce((s, f) => s + f.bytes.length, 0) };
        });
      },

      async loadModelUrl(url) {
        const trimmed = url.trim();
        if (!trimmed) return false;
        return load(trimmed, { kind: 'url', url: trimmed }, () => engine.loadModel({ kind: 'url', url: trimmed }), (summary) => {
          const source = { kind: 'url' as const, url: trimmed };
          return { key: recentKeyOf(summary, source), title: summary.title, savedAt: now(), source, metadata: summary.metadata, totalBytes: 0 };
        });
      },

      setDraft(patch) {
        const draft = get().metadataDraft;
        if (draft) set({ metadataDraft: { ...draft, ...patch }, draftError: null });
      },

      async applyDraft() {
        const model = get().model;
        const draft = get().metadataDraft;
        if (!model?.summary.metadata || !draft) return false;
        const checked = metadataFromDraft(model.summary.metadata, draft);
        if ('error' in checked) {
          set({ draftError: checked.error });
          return false;
        }
        stopPageAnalysis();
        let summary: ModelSummary;
        try {
          summary = await engine.request('apply-metadata', (client) => client.api.applyMetadata(checked.metadata));
        } catch (error) {
          set({ draftError: describeLoadError(error, { kind: 'files', names: ['metadata.json'] }).message });
          return false;
        }
        set({ draftError: null, metadataDraft: draftFromMetadata(checked.metadata) });
        if (currentRecent) await saveRecent({ ...currentRecent, title: summary.title, metadata: checked.metadata, savedAt: now() });
        await get().adoptModel(summary, { from: null, analyse: true });
        return true;
      },

      metadataJson() {
        const model = get().model;
        const draft = get().metadataDraft;
        if (!model?.summary.metadata || !draft) return null;
        const checked = metadataFromDraft(model.summary.metadata, draft);
        if ('error' in checked) {
          set({ draftError: checked.error });
          return null;
        }
        return serializeMetadata(checked.metadata);
      },

      async confirmAnalysis() {
        if (!get().analysisPending) return;
        set({ analysisPending: false });
        await get().analyze();
      },

      async refreshRecent() {
        try {
          set({ recentModels: await recent.list() });
        } catch {
          set({ recentModels: [] });
        }
      },

      async openRecent(key) {
        const entry = get().recentModels.find((m) => m.key === key);
        if (!entry) return false;
        const reopen = async (): Promise<ModelSummary> => {
          const summary = await engine.loadModel(entry.source.kind === 'url' ? { kind: 'url', url: entry.source.url } : { kind: 'files', files: filesForReload(entry, serializeMetadata) });
          // A zip (or a URL) brings its own metadata; the saved one (the form's) wins.
          const saved = entry.metadata;
          if (saved && JSON.stringify(saved) !== JSON.stringify(summary.metadata)) return engine.request('apply-metadata', (client) => client.api.applyMetadata(saved));
          return summary;
        };
        const origin: LoadOrigin = entry.source.kind === 'url' ? { kind: 'url', url: entry.source.url } : { kind: 'files', names: entry.source.files.map((f) => f.name) };
        return load(entry.title, origin, reopen, () => ({ ...entry, savedAt: now() }));
      },

      async forgetRecent(key) {
        await recent.remove(key).catch(() => undefined);
        set((s) => ({ recentModels: s.recentModels.filter((m) => m.key !== key) }));
      },
    };
  };
