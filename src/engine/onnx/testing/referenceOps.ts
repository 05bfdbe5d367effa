/**
 * Closed-form references for op tests, written from the ONNX operator definitions with plain
 * loops over NCHW arrays (no TF.js): what the compiled graph must reproduce.
 */
export interface NchwArray {
  readonly data: Float64Array;
  readonly shape: readonly [number, number, number, number];
}

export function nchw(shape: readonly [number, number, number, number], f: (n: number, c: number, h: number, w: number) => number): NchwArray {
  const [N, C, H, W] = shape;
  const data = new Float64Array(N * C * H * W);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) data[((n * C + c) * H + h) * W + w] = f(n, c, h, w);
  return { data, shape };
}

export function at(a: NchwArray, n: number, c: number, h: number, w: number): number {
  const [, C, H, W] = a.shape;
  return a.data[((n * C + c) * H + h) * W + w];
}

export interface ConvSpec {
  readonly strides: [number, number];
  /** [top, left, bottom, right], ONNX order. */
  readonly pads: [number, number, number, number];
  readonly dilations: [number, number];
  readonly group: number;
}

/** y[n, m, i, j] = b[m] + Σ x[n, g·Cg + c, i·s − p + k·d] · w[m, c, k] over the group of m. */
export function convReference(x: NchwArray, weight: NchwArray, bias: readonly number[] | null, spec: ConvSpec): NchwArray {
  const [N, C, H, W] = x.shape;
  const [M, Cg, KH, KW] = weight.shape;
  const [sh, sw] = spec.strides;
  const [pt, pl, pb, pr] = spec.pads;
  const [dh, dw] = spec.dilations;
  const OH = Math.floor((H + pt + pb - ((KH - 1) * dh + 1)) / sh) + 1;
  const OW = Math.floor((W + pl + pr - ((KW - 1) * dw + 1)) / sw) + 1;
  const perGroup = M / spec.group;
  void C;
  return nchw([N, M, OH, OW], (n, m, i, j) => {
    const g = Math.floor(m / perGroup);
    let s = bias ? bias[m] : 0;
    for (let c = 0; c < Cg; c++) {
      for (let ki = 0; ki < KH; ki++) {
        for (let kj = 0; kj < KW; kj++) {
          const h = i * sh - pt + ki * dh;
          const w = j * sw - pl + kj * dw;
          if (h < 0 || h >= H || w < 0 || w >= W) continue;
          s += at(x, n, g * Cg + c, h, w) * at(weight, m, c, ki, kj);
        }
      }
    }
    return s;
  });
}

/** ConvTranspose (group 1): every input pixel scatters the kernel; pads cut, output_padding added at the end. */
export function convTransposeReference(x: NchwArray, weight: NchwArray, spec: { strides: [number, number]; pads: [number, number, number, number]; outputPadding: [number, number] }): NchwArray {
  const [N, C, H, W] = x.shape;
  const [, M, KH, KW] = weight.shape;
  const [sh, sw] = spec.strides;
  const [pt, pl, pb, pr] = spec.pads;
  const OH = (H - 1) * sh + KH + spec.outputPadding[0] - pt - pb;
  const OW = (W - 1) * sw + KW + spec.outputPadding[1] - pl - pr;
  const out = nchw([N, M, OH, OW], () => 0);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++)
          for (let m = 0; m < M; m++)
            for (let ki = 0; ki < KH; ki++)
              for (let kj = 0; kj < KW; kj++) {
                const oh = h * sh + ki - pt;
                const ow = w * sw + kj - pl;
                if (oh < 0 || oh >= OH || ow < 0 || ow >= OW) continue;
                out.data[((n * M + m) * OH + oh) * OW + ow] += at(x, n, c, h, w) * at(weight, c, m, ki, kj);
              }
  return out;
}

/** Pooling with explicit output size (ceil_mode handled by the caller's output size). */
export function poolReference(
  x: NchwArray,
  spec: { kernel: [number, number]; strides: [number, number]; pads: [number, number, number, number]; out: [number, number]; kind: 'max' | 'avg'; countIncludePad?: boolean },
): NchwArray {
  const [N, C, H, W] = x.shape;
  const [pt, pl, pb, pr] = spec.pads;
  return nchw([N, C, spec.out[0], spec.out[1]], (n, c, i, j) => {
    let best = -Infinity;
    let sum = 0;
    let count = 0;
    for (let ki = 0; ki < spec.kernel[0]; ki++) {
      for (let kj = 0; kj < spec.kernel[1]; kj++) {
        const h = i * spec.strides[0] - pt + ki;
        const w = j * spec.strides[1] - pl + kj;
        const inside = h >= 0 && h < H && w >= 0 && w < W;
        const inPads = h >= -pt && h < H + pb && w >= -pl && w < W + pr;
        if (inside) {
          best = Math.max(best, at(x, n, c, h, w));
          sum += at(x, n, c, h, w);
        }
        if (inside || (spec.countIncludePad && inPads)) count++;
      }
    }
    return spec.kind === 'max' ? best : sum / count;
  });
}
