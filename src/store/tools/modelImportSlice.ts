import { serializeMetadata } from '../../core';
import type { ModelFileInput, ModelSummary } from '../../worker/protocol';
import { adoptImportedModel, stopPageAnalysis } from '../importedModel';
import type { LoadOrigin, RecentModel } from './modelImportLogic';
import { describeLoadError, draftFromMetadata, filesForReload, filesLabel, metadataFromDraft, recentKeyOf, withRecent } from './modelImportLogic';
import type { ModelImportSlice, ToolsDeps, ToolsSliceCreator } from './types';
import { CONFIRM_JACOBIAN_BYTES } from './types';

async function toInputs(files: readonly (File | ModelFileInput)[]): Promise<ModelFileInput[]> {
  return Promise.all(files.map(async (f) => (f.bytes instanceof Uint8Array ? { name: f.name, bytes: f.bytes } : { name: f.name, bytes: new Uint8Array(await (f as File).arrayBuffer()) })));
}

export const createModelImportSlice =
  (deps: ToolsDeps): ToolsSliceCreator<ModelImportSlice> =>
  (set, get) => {
    // The recent entry of the model the engine holds, to keep its metadata in step with the form.
    let currentRecent: RecentModel | null = null;

    const saveRecent = async (entry: RecentModel): Promise<void> => {
      currentRecent = entry;
      try {
        const { list, dropped } = withRecent(await deps.recent.list(), entry);
        await deps.recent.put(entry);
        await Promise.all(dropped.map((key) => deps.recent.remove(key)));
        set({ recentModels: list });
      } catch (error) {
        // Storage full or unavailable: the model is loaded all the same.
        console.warn('could not remember the model:', error);
      }
    };

    /** After the engine holds the new model: the form, the memory estimate, the page's analysis. */
    const installed = async (summary: ModelSummary, from: string): Promise<void> => {
      const client = await deps.client();
      const memory = await client.api.jacobianMemory().catch(() => null);
      const pending = memory !== null && memory.totalBytes > CONFIRM_JACOBIAN_BYTES;
      set({ importBusy: null, importProblem: null, metadataDraft: summary.metadata ? draftFromMetadata(summary.metadata) : null, draftError: null, jacobianMemory: memory, analysisPending: pending });
      if (pending) {
        deps.app.getState().notify('warning', `${summary.title}: the Jacobian needs about ${(memory.totalBytes / 1024 ** 3).toFixed(1)} GiB; confirm in “Model import” to analyse.`);
        const id = `file:${summary.id}`;
        deps.app.setState({ modelId: id, model: { id, summary }, payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null, walkResult: null });
        return;
      }
      await adoptImportedModel(deps.app, summary, from);
    };

    const load = async (what: string, origin: LoadOrigin, task: () => Promise<ModelSummary>, remember: (summary: ModelSummary) => RecentModel | null): Promise<boolean> => {
      set({ importBusy: what });
      const stopped = stopPageAnalysis(deps.app);
      let summary: ModelSummary;
      try {
        summary = await task();
      } catch (error) {
        // The model in use stays: finish the analysis the load interrupted.
        if (stopped) void deps.app.getState().analyze();
        let o = origin;
        if (o.kind === 'url') o = { ...o, probe: await deps.probeUrl(o.url).catch(() => ({ kind: 'network-error' as const })) };
        const problem = describeLoadError(error, o);
        set({ importBusy: null, importProblem: problem });
        deps.app.getState().notify('error', `Could not load a model from ${problem.what}: ${problem.message}`);
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
        return load(filesLabel(names), { kind: 'files', names }, async () => (await deps.client()).api.loadModelFiles(inputs), (summary) => {
          const source = { kind: 'files' as const, files: inputs };
          return { key: recentKeyOf(summary, source), title: summary.title, savedAt: deps.now(), source, metadata: summary.metadata, totalBytes: inputs.reduce((s, f) => s + f.bytes.length, 0) };
        });
      },

      async loadModelUrl(url) {
        const trimmed = url.trim();
        if (!trimmed) return false;
        return load(trimmed, { kind: 'url', url: trimmed }, async () => (await deps.client()).api.loadModel(trimmed), (summary) => {
          const source = { kind: 'url' as const, url: trimmed };
          return { key: recentKeyOf(summary, source), title: summary.title, savedAt: deps.now(), source, metadata: summary.metadata, totalBytes: 0 };
        });
      },

      setDraft(patch) {
        const draft = get().metadataDraft;
        if (draft) set({ metadataDraft: { ...draft, ...patch }, draftError: null });
      },

      async applyDraft() {
        const model = deps.app.getState().model;
        const draft = get().metadataDraft;
        if (!model?.summary.metadata || !draft) return false;
        const checked = metadataFromDraft(model.summary.metadata, draft);
        if ('error' in checked) {
          set({ draftError: checked.error });
          return false;
        }
        stopPageAnalysis(deps.app);
        let summary: ModelSummary;
        try {
          summary = await (await deps.client()).api.applyMetadata(checked.metadata);
        } catch (error) {
          set({ draftError: describeLoadError(error, { kind: 'files', names: ['metadata.json'] }).message });
          return false;
        }
        set({ draftError: null, metadataDraft: draftFromMetadata(checked.metadata) });
        if (currentRecent) await saveRecent({ ...currentRecent, title: summary.title, metadata: checked.metadata, savedAt: deps.now() });
        await adoptImportedModel(deps.app, summary, 'the metadata form', { quiet: true });
        return true;
      },

      metadataJson() {
        const model = deps.app.getState().model;
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
        await deps.app.getState().analyze();
      },

      async refreshRecent() {
        try {
          set({ recentModels: await deps.recent.list() });
        } catch {
          set({ recentModels: [] });
        }
      },

      async openRecent(key) {
        const entry = get().recentModels.find((m) => m.key === key);
        if (!entry) return false;
        const reopen = async (): Promise<ModelSummary> => {
          const api = (await deps.client()).api;
          const summary = entry.source.kind === 'url' ? await api.loadModel(entry.source.url) : await api.loadModelFiles(filesForReload(entry, serializeMetadata));
          // A zip (or a URL) brings its own metadata; the saved one (the form's) wins.
          if (entry.metadata && JSON.stringify(entry.metadata) !== JSON.stringify(summary.metadata)) return api.applyMetadata(entry.metadata);
          return summary;
        };
        const origin: LoadOrigin = entry.source.kind === 'url' ? { kind: 'url', url: entry.source.url } : { kind: 'files', names: entry.source.files.map((f) => f.name) };
        return load(entry.title, origin, reopen, () => ({ ...entry, savedAt: deps.now() }));
      },

      async forgetRecent(key) {
        await deps.recent.remove(key).catch(() => undefined);
        set((s) => ({ recentModels: s.recentModels.filter((m) => m.key !== key) }));
      },
    };
  };
