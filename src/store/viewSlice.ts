import type { SliceCreator, ViewSlice } from './types';

export const createViewSlice: SliceCreator<ViewSlice> = (set) => ({
  selectedMode: 0,
  k: 1,
  setSelectedMode(index) {
    if (Number.isInteger(index) && index >= 0) set({ selectedMode: index });
  },
  setK(k) {
    if (Number.isInteger(k) && k >= 0) set({ k });
  },
});
