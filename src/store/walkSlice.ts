import type { Pipeline } from './pipeline';
import type { SliceCreator, WalkSlice } from './types';

/** Walking along a mode (or a random complement direction) with live forward passes in the worker. */
export const createWalkSlice =
  (pipeline: Pipeline): SliceCreator<WalkSlice> =>
  (set) => ({
    walkTarget: 'mode',
    walkPosition: 0,
    walkSeed: 1,
    walkResult: null,
    walkPending: false,
    setWalkPosition(position) {
      if (!Number.isFinite(position)) return;
      set({ walkPosition: Math.max(-1, Math.min(1, position)) });
      void pipeline.walk();
    },
    setWalkTarget(walkTarget) {
      set({ walkTarget });
      void pipeline.walk();
    },
    newWalkSeed() {
      set((s) => ({ walkSeed: s.walkSeed + 1 }));
      void pipeline.walk();
    },
  });
