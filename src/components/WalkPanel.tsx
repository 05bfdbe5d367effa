import { useMemo } from 'react';
import { imageToRaster } from '../render';
import type { WalkTarget } from '../store';
import { effectiveK, effectiveMode, epsilonFromPosition, modeVector, walkedInput } from '../store';
import { formatScientific, subscript } from './format';
import { Panel } from './Panel';
import { RasterCanvas } from './RasterCanvas';
import { VIEWER } from './viewConfig';
import { useAppStore, useStoreApi } from './storeContext';

/**
 * Walk along a sensitive direction: the image becomes x + ε·vᵢ and the model runs again (in the
 * worker, latest position wins). Beside the measured KL(p(x) ‖ p(x + εvᵢ)) stands the
 * second-order prediction ½ε²λᵢ: they agree for small ε. The random direction orthogonal to
 * v₁…v_k is the contrast: equal steps, (almost) no change.
 */
export function WalkPanel() {
  const store = useStoreApi();
  const range = useAppStore((s) => s.walkRange);
  const target = useAppStore((s) => s.walkTarget);
  const position = useAppStore((s) => s.walkPosition);
  const result = useAppStore((s) => s.walkResult);
  const pending = useAppStore((s) => s.walkPending);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  const lambda = useAppStore((s) => (mode === null ? null : (s.payload?.eigenvalues[mode] ?? null)));
  const epsilon = range ? epsilonFromPosition(position, range.epsilonMax) : 0;
  const s = store.getState();
  const steps = VIEWER.walkSliderSteps;
  const name = mode === null ? 'vᵢ' : `v${subscript(mode + 1)}`;

  // The walked model input, drawn in the window of x: what the model now sees.
  const preview = useAppStore((st) => st.rasters);
  const raster = useMemo(() => {
    const st = store.getState();
    const p = st.payload;
    const pre = st.model?.summary.metadata?.preprocessing;
    if (!p || !preview || epsilon === 0 || target !== 'mode' || mode === null) return preview?.modelInput ?? null;
    const v = modeVector(st, mode);
    if (!v) return null;
    const [h, w, ch] = p.inputShape;
    const x = walkedInput(p.xModelSpace, v, epsilon);
    const mean = pre?.mean ?? Array<number>(ch).fill(0);
    const std = pre?.std ?? Array<number>(ch).fill(1);
    for (let i = 0; i < x.length; i++) x[i] = x[i] * std[i % ch] + mean[i % ch];
    return imageToRaster({ width: w, height: h, channels: ch, data: x }, preview.modelInputWindow);
  }, [preview, epsilon, target, mode]);

  const fresh = result && result.epsilon === epsilon;
  const ratio = fresh && result.predictedKl > 0 ? result.measuredKl / result.predictedKl : null;
  return (
    <Panel
      title="Walk along a direction"
      testId="walk-panel"
      tour="walk"
      caption={
        range ? (
          <>
            ε is the length of the step in model-input units (|vᵢ| = 1). The slider reaches ±{formatScientific(range.epsilonMax)}:{' '}
            {range.limitedBy === 'sensitivity' ? 'where ½ε²λ₁ reaches 8 nats (every prediction has flipped by then)' : 'the image’s own contrast |x − x̄| = std·√N'}; its scale is quadratic, so small steps get most of it.
          </>
        ) : undefined
      }
    >
      {range ? (
        <div className="walk">
          <div className="segmented" role="radiogroup" aria-label="Direction to walk along">
            {(['mode', 'complement'] as WalkTarget[]).map((t) => (
              <button key={t} type="button" role="radio" aria-checked={target === t} onClick={() => s.setWalkTarget(t)} data-testid={`walk-target-${t}`}>
                {t === 'mode' ? `along ${name}` : k === 0 ? 'random direction' : k === 1 ? 'random ⟂ v₁' : `random ⟂ v₁…v${subscript(k)}`}
              </button>
            ))}
          </div>
          <label className="field slider-field">
            <span className="field-label">
              ε = <output data-testid="walk-epsilon">{formatScientific(epsilon)}</output>
            </span>
            <input
              type="range"
              data-testid="walk-slider"
              min={-steps}
              max={steps}
              step={1}
              value={Math.round(position * steps)}
              aria-label="Walk step ε"
              aria-valuetext={`epsilon ${formatScientific(epsilon)}`}
              onChange={(e) => s.setWalkPosition(Number(e.target.value) / steps)}
            />
          </label>
          <div className="walk-result">
            {raster ? <RasterCanvas raster={raster} label="the walked model input x + ε·d" testId="walk-canvas" /> : null}
            <dl className="facts" data-testid="walk-numbers">
              <dt>measured KL</dt>
              <dd data-testid="walk-measured">{fresh ? `${formatScientific(result.measuredKl)} nats` : pending ? 'evaluating…' : '—'}</dd>
              <dt>{target === 'mode' ? `½ε²λ${mode === null ? 'ᵢ' : subscript(mode + 1)}` : '½ε² dᵀFd'}</dt>
              <dd data-testid="walk-predicted">{fresh ? `${formatScientific(result.predictedKl)} nats` : '—'}</dd>
              <dt>ratio</dt>
              <dd>{ratio !== null ? ratio.toFixed(3) : '—'}</dd>
              {target === 'mode' && lambda !== null ? (
                <>
                  <dt>λ{mode === null ? 'ᵢ' : subscript(mode + 1)}</dt>
                  <dd>{formatScientific(lambda)}</dd>
                </>
              ) : null}
            </dl>
          </div>
          <div className="button-row">
            <button type="button" onClick={() => s.setWalkPosition(0)} disabled={position === 0}>
              Back to x
            </button>
            {target === 'complement' ? (
              <button type="button" onClick={() => s.newWalkSeed()}>
                Another random direction
              </button>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="muted">no analysis yet</p>
      )}
    </Panel>
  );
}
