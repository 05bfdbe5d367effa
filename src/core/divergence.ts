import type { HeadType } from './types';

/**
 * KL(p(·|x) ‖ p(·|x')) between two predictive distributions given by their logits, computed in
 * log space so that saturated predictions do not underflow (METHOD: never take the log of an
 * already-saturated softmax).
 * softmax: categorical KL. sigmoid: sum over the C independent Bernoulli labels.
 */
export function klFromLogits(head: HeadType, logitsP: ArrayLike<number>, logitsQ: ArrayLike<number>): number {
  if (logitsP.length !== logitsQ.length) throw new RangeError('logit vectors differ in length');
  if (head === 'softmax') {
    const logP = logSoftmax(logitsP);
    const logQ = logSoftmax(logitsQ);
    let kl = 0;
    for (let i = 0; i < logP.length; i++) kl += Math.exp(logP[i]) * (logP[i] - logQ[i]);
    return Math.max(kl, 0);
  }
  let kl = 0;
  for (let i = 0; i < logitsP.length; i++) {
    const a = logitsP[i];
    const b = logitsQ[i];
    const logQa = logSigmoid(a);
    const log1mQa = logSigmoid(-a);
    kl += Math.exp(logQa) * (logQa - logSigmoid(b)) + Math.exp(log1mQa) * (log1mQa - logSigmoid(-b));
  }
  return Math.max(kl, 0);
}

export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logZ = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - logZ;
  return out;
}

/** log σ(z), stable for large |z|. */
export function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** Probabilities from logits for either head. */
export function probabilitiesFromLogits(head: HeadType, logits: ArrayLike<number>): Float64Array {
  if (head === 'softmax') return logSoftmax(logits).map(Math.exp);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = Math.exp(logSigmoid(logits[i]));
  return out;
}
