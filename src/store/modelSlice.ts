import type { Pipeline } from './pipeline';
import type { ModelSlice, SliceCreator } from './types';

export const createModelSlice =
  (pipeline: Pipeline): SliceCreator<ModelSlice> =>
  (set) => ({
    modelCatalog: [],
    modelId: null,
    model: null,
    selectModel(id) {
      set({ modelId: id });
      return pipeline.run();
    },
    onModelFilesDropped(files) {
      return pipeline.importModelFiles(files);
    },
    setModelFilesHandler(handler) {
      return pipeline.setModelFilesHandler(handler);
    },
  });
