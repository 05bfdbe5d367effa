import type { PipelinePhase } from '../store';
import { useAppStore } from '../store';
import { formatMs } from './format';

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

/** One line saying what the page is doing, or what went wrong, in words. */
export function StatusLine() {
  const status = useAppStore((s) => s.status);
  const phase = useAppStore((s) => s.phase);
  const error = useAppStore((s) => s.error);
  const warnings = useAppStore((s) => s.warnings);
  const roundTrip = useAppStore((s) => s.clientTimingsMs.roundTrip);
  const hasModel = useAppStore((s) => s.modelId !== null);
  const hasSample = useAppStore((s) => s.sampleId !== null);
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
      text = !hasModel ? 'Choose a model.' : !hasSample ? 'Choose a sample image.' : 'Ready.';
  }
  return (
    <div className={`status status-${status}`} role={status === 'error' ? 'alert' : 'status'} aria-live="polite" data-testid="status" data-status={status}>
      <span>{text}</span>
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
