import { useAppStore } from '../store';
import { describeGroundTruth, formatPercent } from './format';
import { Panel } from './Panel';

/** The model's predictive distribution for this image, and the sample's ground truth when known. */
export function ProbabilityList() {
  const payload = useAppStore((s) => s.payload);
  const sampleId = useAppStore((s) => s.image?.id ?? null);
  const groundTruth = useAppStore((s) => describeGroundTruth(s.sampleCatalog.find((e) => e.id === sampleId)?.groundTruth));
  return (
    <Panel
      title={payload?.head === 'sigmoid' ? 'Label probabilities q = σ(z)' : 'Class probabilities p = softmax(z)'}
      testId="probability-panel"
      caption={groundTruth ? `Ground truth: ${groundTruth}` : undefined}
    >
      {payload ? (
        <ul className="bars" data-testid="probabilities">
          {payload.classes.map((name, i) => (
            <li key={name}>
              <span className="bar-label">{name}</span>
              <span className="bar-track">
                <span className="bar-fill" style={{ width: `${Math.max(0, Math.min(1, payload.probabilities[i])) * 100}%` }} />
              </span>
              <span className="bar-value">{formatPercent(payload.probabilities[i])}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">no analysis yet</p>
      )}
    </Panel>
  );
}
