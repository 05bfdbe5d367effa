import { formatScientific } from './format';

/**
 * The walk's check of the second-order picture in words: measured KL against ½ε²dᵀFd as a ratio
 * with a verdict. Within 20 % of 1 the quadratic law holds; far off it no longer describes this
 * step (the prediction saturates, or the step left the region where F describes the model).
 */
export type Verdict = 'agrees' | 'roughly' | 'breaks-down' | 'no-prediction';

export interface Agreement {
  readonly ratio: number | null;
  readonly verdict: Verdict;
  /** e.g. "1.02 (agrees)". */
  readonly text: string;
  /** One plain sentence about what the ratio means here. */
  readonly explanation: string;
}

/** Two decimals near 1, three significant digits otherwise, scientific beyond 1e4 or below 1e-3. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  const a = Math.abs(ratio);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return formatScientific(ratio, 2);
  if (a >= 0.1 && a < 10) return ratio.toFixed(2);
  return String(Number(ratio.toPrecision(3)));
}

export function walkAgreement(measuredKl: number, predictedKl: number): Agreement {
  // A prediction of (numerically) zero has no ratio: the step is along a direction F does not see.
  if (!(predictedKl > 1e-300) || !Number.isFinite(measuredKl)) {
    return { ratio: null, verdict: 'no-prediction', text: '—', explanation: 'The second-order picture predicts no change along this direction.' };
  }
  const ratio = measuredKl / predictedKl;
  if (ratio >= 0.8 && ratio <= 1.25) return { ratio, verdict: 'agrees', text: `${formatRatio(ratio)} (agrees)`, explanation: 'The measured change matches the one the sensitivity predicts.' };
  if (ratio >= 0.5 && ratio <= 2) return { ratio, verdict: 'roughly', text: `${formatRatio(ratio)} (roughly)`, explanation: 'The measured change is near the prediction: the step is at the edge of where the second-order picture holds.' };
  return {
    ratio,
    verdict: 'breaks-down',
    text: `${formatRatio(ratio)} (far off)`,
    explanation: `The second-order picture no longer holds at this step: the model changed ${ratio > 1 ? 'more' : 'less'} than ½ε²λ predicts. Try a smaller step.`,
  };
}
