import type { ModelSlice, SliceContext, SliceCreator } from './types';

/** Which model the page shows: the catalog's, or one the user brought (the import slice loads those). */
export const createModelSlice =
  ({ deps, engine }: SliceContext): SliceCreator<ModelSlice> =>
  (set, get) => ({
    modelCatalog: [],
    modelId: null,
    model: null,

    selectModel(id) {
      set({ modelId: id });
      return get().refresh();
    },

    // A drop, a picked folder and the import panel's file input all take the import slice's path.
    async onModelFilesDropped(files) {
      await get().loadModelFiles(files);
    },

    async ensureModel() {
      const { modelId, model } = get();
      if (!modelId || model?.id === modelId) return model;
      if (modelId.startsWith('file:')) return model; // an imported model is never reloaded from the catalog
      const t0 = deps.now();
      try {
        const summary = await engine.loadModel({ kind: 'url', url: deps.resolveUrl(`models/${modelId}/model.json`) });
        // The worker holds this model now, whichever run asked for it: say so.
        set((s) => ({ model: { id: modelId, summary }, clientTimingsMs: { ...s.clientTimingsMs, modelLoad: deps.now() - t0 } }));
        return get().model;
      } catch (error) {
        throw new Error(`model "${modelId}" could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    async adoptModel(summary, { from, analyse }) {
      const id = importedModelId(summary);
      set({ modelId: id, model: { id, summary }, payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null, walkResult: null });
      if (from !== null) {
        const s = get();
        s.notify('info', `Loaded the model “${summary.title}” from ${from}.`);
        if (summary.metadataSource === 'inferred') {
          s.notify('warning', `${summary.title} came without metadata.json: its classes and preprocessing were inferred from the model and may not match how it was trained.`);
        }
        if (summary.notice) s.notify('info', summary.notice);
      }
      if (analyse) await get().analyze();
    },
  });

/** Id of an imported model in the store: `file:` ids stay out of the page URL (app/urlState). */
export function importedModelId(summary: { readonly id: string }): string {
  return `file:${summary.id}`;
}
