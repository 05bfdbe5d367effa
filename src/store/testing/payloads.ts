import type { AnalysisPayload } from '../../worker/protocol';

/**
 * A small, self-consistent payload for store tests: an h×w gray model input, three softmax classes
 * and two orthonormal modes (v_1 = e_0, v_2 = e_1), so x_high(k) keeps the first k pixels.
 */
export function fakePayload(x: Float32Array, options: { width?: number; height?: number; modelId?: string } = {}): AnalysisPayload {
  const width = options.width ?? 4;
  const height = options.height ?? 4;
  const n = width * height;
  if (x.length !== n) throw new RangeError(`x has ${x.length} values, ${width}×${height} needs ${n}`);
  const v = new Float32Array(2 * n);
  v[0] = 1;
  v[n + 1] = 1;
  const u = new Float64Array([0.8, 0.6, 0, -0.6, 0.8, 0, 0, 0, 1]);
  return {
    modelId: options.modelId ?? 'm',
    classes: ['a', 'b', 'c'],
    head: 'softmax',
    inputShape: [height, width, 1],
    xModelSpace: x,
    logits: new Float32Array([1, 0.5, -1]),
    probabilities: new Float64Array([0.55, 0.34, 0.11]),
    logitGram: new Float64Array([2, 0, 0, 0, 1, 0, 0, 0, 1]),
    fisherGram: new Float64Array([0.3, 0.1, 0, 0.1, 0.3, 0, 0, 0, 0]),
    eigenvalues: new Float64Array([0.4, 0.2, 1e-19]),
    gramEigenvectors: u,
    rank: 2,
    traceFisher: 0.6,
    modeCount: 2,
    imageEigenvectors: v,
    modeClassWeights: new Float64Array([0.1, -0.2, 0.1, 0.3, 0.1, -0.4]),
    coefficients: new Float64Array([x[0], x[1]]),
    timingsMs: { preprocess: 1, forward: 2, jacobian: 3, eigen: 4, projection: 5, total: 15 },
    tensors: { before: 3, after: 3 },
  };
}
