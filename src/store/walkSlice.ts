import { klFromLogits } from '../core/divergence';
import type { ForwardResult } from '../worker/protocol';
import { latestWins } from './latestWins';
import { effectiveK, effectiveMode, modeVector } from './selectors';
import type { SliceContext, SliceCreator, WalkResult, WalkSlice } from './types';
import { complementWalkDirection, epsilonFromPosition, fisherQuadraticForm, secondOrderKl, walkedInput } from './walk';

/**
 * Walking along a mode (or a random complement direction) with live forward passes in the worker:
 * x + ε d through the model, the latest slider position winning (at most one forward pass in
 * flight), the measured KL from the two logit vectors beside ½ε²·dᵀFd.
 */
export const createWalkSlice =
  ({ engine }: SliceContext): SliceCreator<WalkSlice> =>
  (set, get) => {
    const directionCache = new Map<string, Float64Array>();
    const forwardLatest = latestWins((x: Float32Array): Promise<ForwardResult> => engine.request('forward', (client) => client.api.forward(x)));

    const walk = async (): Promise<void> => {
      const s = get();
      const p = s.payload;
      const range = s.walkRange;
      // The walk never starts the engine: it walks an analysis the engine made.
      if (!p || !range || !s.analysisKey || !engine.started) return;
      const [h, w, ch] = p.inputShape;
      const n = h * w * ch;
      const epsilon = epsilonFromPosition(s.walkPosition, range.epsilonMax);
      let direction: ArrayLike<number> | null;
      let quadraticForm: number;
      let detail: string;
      if (s.walkTarget === 'mode') {
        const mode = effectiveMode(s);
        direction = mode === null ? null : modeVector(s, mode);
        quadraticForm = mode === null ? 0 : p.eigenvalues[mode];
        detail = `mode:${mode}`;
      } else {
        const k = effectiveK(s);
        detail = `complement:${k}:${s.walkSeed}`;
        const cacheKey = `${s.analysisKey}|${detail}`;
        let d = directionCache.get(cacheKey);
        if (!d) {
          if (directionCache.size > 16) directionCache.clear();
          d = complementWalkDirection(p.imageEigenvectors, n, k, s.walkSeed);
          directionCache.set(cacheKey, d);
        }
        direction = d;
        quadraticForm = fisherQuadraticForm(d, p.imageEigenvectors, p.eigenvalues, p.modeCount, n);
      }
      if (!direction) return;
      const key = `${s.analysisKey}|${detail}|${epsilon}`;
      const base = { key, target: s.walkTarget, epsilon, predictedKl: secondOrderKl(epsilon, quadraticForm) };
      if (epsilon === 0) {
        set({ walkResult: { ...base, logits: p.logits, probabilities: p.probabilities, measuredKl: 0 }, walkPending: forwardLatest.busy });
        return;
      }
      set({ walkPending: true });
      let result: ForwardResult | null;
      try {
        result = await forwardLatest(walkedInput(p.xModelSpace, direction, epsilon));
      } catch (error) {
        set({ walkPending: forwardLatest.busy });
        get().notify('error', `The walk's forward pass failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (result === null) return; // a newer position superseded this one
      if (get().payload !== p) {
        set({ walkPending: forwardLatest.busy });
        return;
      }
      const walkResult: WalkResult = { ...base, logits: result.logits, probabilities: result.probabilities, measuredKl: klFromLogits(p.head, p.logits, result.logits) };
      set({ walkResult, walkPending: forwardLatest.busy });
    };

    return {
      walkTarget: 'mode',
      walkPosition: 0,
      walkSeed: 1,
      walkResult: null,
      walkPending: false,
      walk,
      setWalkPosition(position) {
        if (!Number.isFinite(position)) return;
        set({ walkPosition: Math.max(-1, Math.min(1, position)) });
        void walk();
      },
      setWalkTarget(walkTarget) {
        set({ walkTarget });
        void walk();
      },
      newWalkSeed() {
        set((s) => ({ walkSeed: s.walkSeed + 1 }));
        void walk();
      },
    };
  };
