import { klFromLogits } from '../core/divergence';
import type { AnalysisClient } from '../worker/analysisClient';
import type { ForwardResult } from '../worker/protocol';
import type { StoreApi } from 'zustand/vanilla';
import { latestWins } from './latestWins';
import { effectiveK, effectiveMode, modeVector } from './selectors';
import type { AppState, WalkResult } from './types';
import { complementWalkDirection, epsilonFromPosition, fisherQuadraticForm, secondOrderKl, walkedInput } from './walk';

interface WalkRunnerDeps {
  readonly get: StoreApi<AppState>['getState'];
  readonly set: StoreApi<AppState>['setState'];
  /** The engine, once started (the walk never starts it). */
  readonly client: () => Promise<AnalysisClient> | null;
  /** The pipeline's engine queue: a forward pass never interleaves with a model load or an analysis. */
  readonly serial: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * The walk: x + ε d through the model in the worker, the latest slider position winning (at most
 * one forward pass in flight), the measured KL from the two logit vectors beside ½ε²·dᵀFd.
 * Returns the function that evaluates the walk at the store's current position.
 */
export function createWalkRunner({ get, set, client, serial }: WalkRunnerDeps): () => Promise<void> {
  const directionCache = new Map<string, Float64Array>();
  const forwardLatest = latestWins(async ({ engine, x }: { engine: AnalysisClient; x: Float32Array }): Promise<ForwardResult> => serial(() => engine.api.forward(x)));

  return async function walk(): Promise<void> {
    const s = get();
    const p = s.payload;
    const range = s.walkRange;
    const started = client();
    if (!p || !range || !s.analysisKey || !started) return;
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
      result = await forwardLatest({ engine: await started, x: walkedInput(p.xModelSpace, direction, epsilon) });
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
}
