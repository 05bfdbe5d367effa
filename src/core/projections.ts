/**
 * Projections of an image onto the leading iFIM modes (METHOD: "Projections").
 * `vectors` holds R orthonormal rows of N values; x_high(k) = Σ_{i<k} (v_iᵀx) v_i and
 * x_low(k) = x − x_high(k), so scrubbing k is a running sum and needs no recomputation.
 */
export function projectionCoefficients(vectors: ArrayLike<number>, x: ArrayLike<number>, inputSize: number): Float64Array {
  const count = Math.floor(vectors.length / inputSize);
  if (x.length !== inputSize) throw new RangeError(`image has ${x.length} values, the modes have ${inputSize}`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    const offset = i * inputSize;
    for (let k = 0; k < inputSize; k++) sum += vectors[offset + k] * x[k];
    out[i] = sum;
  }
  return out;
}

/** x_high(k): the part of x inside span(v_1 … v_k). */
export function highSensitivityComponent(
  vectors: ArrayLike<number>,
  coefficients: ArrayLike<number>,
  k: number,
  inputSize: number,
): Float64Array {
  if (k < 0 || k > coefficients.length) throw new RangeError(`k = ${k} outside 0…${coefficients.length}`);
  const out = new Float64Array(inputSize);
  for (let i = 0; i < k; i++) addScaledMode(out, vectors, i, coefficients[i], inputSize);
  return out;
}

/** x_low(k) = x − x_high(k). */
export function complementaryComponent(x: ArrayLike<number>, high: ArrayLike<number>): Float64Array {
  if (x.length !== high.length) throw new RangeError('image and component differ in size');
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k] - high[k];
  return out;
}

/**
 * x_high(k) for every k = 0 … R at once, each the previous plus one mode: what the viewer
 * precomputes so that scrubbing k only selects an array.
 */
export function highSensitivitySeries(vectors: ArrayLike<number>, coefficients: ArrayLike<number>, inputSize: number): Float64Array[] {
  const series: Float64Array[] = [new Float64Array(inputSize)];
  for (let i = 0; i < coefficients.length; i++) {
    const next = Float64Array.from(series[i]);
    addScaledMode(next, vectors, i, coefficients[i], inputSize);
    series.push(next);
  }
  return series;
}

function addScaledMode(target: Float64Array, vectors: ArrayLike<number>, mode: number, scale: number, inputSize: number): void {
  const offset = mode * inputSize;
  for (let k = 0; k < inputSize; k++) target[k] += scale * vectors[offset + k];
}
