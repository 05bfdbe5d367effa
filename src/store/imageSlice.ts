import type { Pipeline } from './pipeline';
import type { ImageSlice, SliceCreator } from './types';

export const createImageSlice =
  (pipeline: Pipeline): SliceCreator<ImageSlice> =>
  (set) => ({
    sampleCatalog: [],
    sampleId: null,
    image: null,
    decoding: null,
    selectSample(id) {
      // A new image starts at its own default window and the whole view.
      set({ sampleId: id });
      return pipeline.run();
    },
    loadImageFile(file) {
      return pipeline.loadImageFile(file);
    },
    selectFrame(frame) {
      return pipeline.changeImage({ frame });
    },
    setModelIntensity(policy) {
      return pipeline.changeImage({ modelIntensity: policy });
    },
  });
