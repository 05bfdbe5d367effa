import type { PipelinePhase } from '../store';
import { formatMs } from './format';
import { useAppStore, useStoreApi } from './storeContext';

const PHASE_TEXT: Record<PipelinePhase, string> = {
  'starting-engine': 'Starting the analysis engine…',
  'loading-catalogs': 'Reading the model and sample lists…',
  'loading-model': 'Loading the model…',
  'loading-image': 'Loading the image…',
  preprocess: 'Preparing the model input…',
  forward: 'Forward pass…',
  jacobian: 'Computing the logit Jacobian (one backward pass over C copies)…',
  eigen: 'Solving the C×C eigenproblem…',
  projection: 'Projecting the image on the modes…',
};

/** The steps in order, for the progress bar: loading first, then the analysis phases. */
const STEPS: readonly PipelinePhase[] = ['starting-engine', 'loading-catalogs', 'loading-model', 'loading-image', 'preprocess', 'forward', 'jacobian', 'eigen', 'projection'];

/** Progress through the pipeline, 0…1 (the Jacobian is most of an analysis, so it gets most of the bar). */
const WEIGHTS: Record<PipelinePhase, number> = { 'starting-engine': 1, 'loading-catalogs': 0.2, 'loading-model': 1, 'loading-image': 0.5, preprocess: 0.2, forward: 1, jacobian: 4, eigen: 0.3, projection: 0.3 };

export function phaseProgress(phase: PipelinePhase | null): number {
  if (!phase) return 0;
  const total = STEPS.reduce((a, s) => a + WEIGHTS[s], 0);
  const before = STEPS.slice(0, STEPS.indexOf(phase)).reduce((a, s) => a + WEIGHTS[s], 0);
  return (before + WEIGHTS[phase] / 2) / total;
}

/** What the page is doing, with progress and Cancel while it works, or what went wrong, in words. */
export function StatusLine() {
  const store = useStoreApi();
  const status = useAppStore((s) => s.status);
  const phase = useAppStore((s) => s.phase);
  const error = useAppStore((s) => s.error);
  const warnings = useAppStore((s) => s.warnings);
  const roundTrip = useAppStore((s) => s.clientTimingsMs.roundTrip);
  const hasModel = useAppStore((s) => s.modelId !== null || s.model !== null);
  const hasImage = useAppStore((s) => s.sampleId !== null || s.image !== null);
  const decoding = useAppStore((s) => s.decoding);
  let text: string;
  switch (status) {
    case 'running':
      text = phase ? PHASE_TEXT[phase] : 'Working…';
      break;
    case 'done':
      text = `Analysis done (${formatMs(roundTrip)}).`;
      break;
    case 'error':
      text = `Error: ${error ?? 'something went wrong'}`;
      break;
    default:
      text = !hasModel ? 'Choose a model.' : !hasImage ? 'Choose a sample, or drop an image anywhere on the page.' : 'Ready.';
  }
  const progress = status === 'running' ? phaseProgress(phase) : null;
  return (
    <div className={`status status-${status}`} role={status === 'error' ? 'alert' : 'status'} aria-live="polite" data-testid="status" data-status={status}>
      <div className="status-line">
        <span>{text}</span>
        {decoding ? <span className="muted"> Decoding {decoding}…</span> : null}
        {progress !== null ? (
          <>
            <progress max={1} value={progress} aria-label="analysis progress" data-testid="progress" />
            <button type="button" onClick={() => store.getState().cancel()} data-testid="cancel">
              Cancel
            </button>
          </>
        ) : null}
      </div>
      {warnings.length ? (
        <ul className="warnings">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
