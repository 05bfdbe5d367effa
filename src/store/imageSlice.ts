import type { Pipeline } from './pipeline';
import type { ImageSlice, SliceCreator } from './types';

export const createImageSlice =
  (pipeline: Pipeline): SliceCreator<ImageSlice> =>
  (set) => ({
    sampleCatalog: [],
    sampleId: null,
    image: null,
    selectSample(id) {
      set({ sampleId: id });
      return pipeline.run();
    },
  });
