import * as tf from '@tensorflow/tfjs';

/**
 * Input gradients of convolutions written as forward convolutions, which every backend runs fast
 * (XNNPACK on wasm; the wasm backend has no native depthwise input gradient at all).
 *
 * A strided convolution's input gradient is split by output phase (polyphase): the input rows
 * h = s·i + p only receive filter taps k ≡ p + padTop (mod s), so each phase is a stride-1 'valid'
 * forward convolution of dy with the flipped sub-filter W[s·m + r], and the s² phases interleave
 * into dx. No zeros are spread between dy's rows (which would cost s² times the work), and the
 * padding is passed to the convolution instead of copied. Sub-filters are built once per analysis.
 */
export interface ConvGeometry {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly depthwise: boolean;
}

export type ConvPadding = 'same' | 'valid' | [[number, number], [number, number]];

export function convGeometry(inputShape: readonly number[], filterShape: readonly number[], strides: [number, number], pad: ConvPadding, depthwise: boolean): ConvGeometry {
  const explicit = Array.isArray(pad) ? [[0, 0], pad[0], pad[1], [0, 0]] : pad;
  const info = tf.backend_util.computeConv2DInfo(
    [1, inputShape[1], inputShape[2], inputShape[3]],
    filterShape as [number, number, number, number],
    strides,
    1,
    explicit as 'same',
    undefined,
    depthwise,
  );
  return {
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    depthwise,
  };
}

/** One axis of one phase: taps r, r + s, …; dy padded by (before, after) (negative: cropped). */
interface AxisPhase {
  readonly taps: number[];
  readonly before: number;
  readonly after: number;
}

/** Phase p of an axis of input length n, output length o, filter f, stride s, leading pad t; every phase yields ⌈n/s⌉ rows. */
function axisPhase(p: number, n: number, o: number, f: number, s: number, t: number): AxisPhase {
  const r = (((p + t) % s) + s) % s;
  const c = (p + t - r) / s;
  const taps: number[] = [];
  for (let k = r; k < f; k += s) taps.push(k);
  const rows = Math.ceil(n / s);
  const before = taps.length - 1 - c;
  const after = rows + taps.length - 1 - o - before;
  return { taps, before, after };
}

/**
 * The phases merged into one convolution: every phase's flipped sub-filter is placed at its offset
 * in a common window (Uh × Uw) and the phases are stacked on the output channels — (phase, cin) for
 * a conv, (c, phase) for a depthwise conv with multiplier s² — so one forward convolution over dy
 * (padded by `rows`/`cols`) gives all phases, and one transpose interleaves them.
 */
export interface ConvInputGradient {
  readonly geometry: ConvGeometry;
  /** [Uh, Uw, cout, s²·cin] (conv) or [Uh, Uw, c, s²] (depthwise). */
  readonly filter: tf.Tensor4D;
  readonly rows: { readonly before: number; readonly after: number };
  readonly cols: { readonly before: number; readonly after: number };
}

/** The common window of an axis' phases: before = max before_p; each phase's tap offset in it. */
function commonWindow(phases: AxisPhase[], rowsOut: number, o: number): { before: number; after: number; size: number; offsets: number[] } {
  const withTaps = phases.filter((ph) => ph.taps.length > 0);
  const before = Math.max(...withTaps.map((ph) => ph.before));
  const size = Math.max(...withTaps.map((ph) => before - ph.before + ph.taps.length));
  return { before, after: rowsOut + size - 1 - o - before, size, offsets: phases.map((ph) => before - ph.before) };
}

/** Builds the merged flipped sub-filters (call inside the analysis' tidy). */
export function prepareConvInputGradient(filter: tf.Tensor4D, g: ConvGeometry): ConvInputGradient {
  const [sh, sw] = [g.strideHeight, g.strideWidth];
  const rowPhases = Array.from({ length: sh }, (_, p) => axisPhase(p, g.inHeight, g.outHeight, g.filterHeight, sh, g.padTop));
  const colPhases = Array.from({ length: sw }, (_, q) => axisPhase(q, g.inWidth, g.outWidth, g.filterWidth, sw, g.padLeft));
  const rowsOut = Math.ceil(g.inHeight / sh);
  const colsOut = Math.ceil(g.inWidth / sw);
  const rw = commonWindow(rowPhases, rowsOut, g.outHeight);
  const cw = commonWindow(colPhases, colsOut, g.outWidth);
  const [, , a, b] = filter.shape; // conv: cin, cout; depthwise: c, 1
  const parts: tf.Tensor4D[] = [];
  for (let p = 0; p < sh; p++) {
    for (let q = 0; q < sw; q++) {
      const rows = rowPhases[p];
      const cols = colPhases[q];
      const outShape: [number, number, number, number] = g.depthwise ? [rw.size, cw.size, a, 1] : [rw.size, cw.size, b, a];
      if (rows.taps.length === 0 || cols.taps.length === 0) {
        parts.push(tf.zeros(outShape));
        continue;
      }
      const whole = rows.taps.length === g.filterHeight && cols.taps.length === g.filterWidth;
      const picked = whole ? filter : tf.gather(tf.gather(filter, rows.taps, 0), cols.taps, 1);
      const flipped = picked.shape[0] === 1 && picked.shape[1] === 1 ? picked : tf.reverse(picked, [0, 1]);
      const oriented = (g.depthwise ? flipped : tf.transpose(flipped, [0, 1, 3, 2])) as tf.Tensor4D;
      const [top, left] = [rw.offsets[p], cw.offsets[q]];
      const pads: [number, number][] = [[top, rw.size - top - rows.taps.length], [left, cw.size - left - cols.taps.length], [0, 0], [0, 0]];
      parts.push(pads.every(([x, y]) => x === 0 && y === 0) ? oriented : tf.pad(oriented, pads));
    }
  }
  const merged = (parts.length === 1 ? parts[0] : tf.concat(parts, 3)) as tf.Tensor4D;
  return { geometry: g, filter: merged, rows: rw, cols: cw };
}

/** dx (R, H, W, cin) for dy (R, outH, outW, cout). */
export function convInputGradient(dy: tf.Tensor4D, prepared: ConvInputGradient): tf.Tensor4D {
  const g = prepared.geometry;
  const [sh, sw] = [g.strideHeight, g.strideWidth];
  const [r, h, w, c] = dy.shape;
  const { rows, cols, filter } = prepared;
  // Negative pads crop dy; the rest is the convolution's own padding.
  const [top, bottom, left, right] = [Math.max(0, -rows.before), Math.max(0, -rows.after), Math.max(0, -cols.before), Math.max(0, -cols.after)];
  const input = top + bottom + left + right === 0 ? dy : tf.slice(dy, [0, top, left, 0], [r, h - top - bottom, w - left - right, c]);
  const padRows: [number, number] = [Math.max(0, rows.before), Math.max(0, rows.after)];
  const padCols: [number, number] = [Math.max(0, cols.before), Math.max(0, cols.after)];
  const [uh, uw] = filter.shape;
  // Symmetric padding of an odd window is 'same' at stride 1, which needs no explicit pad arrays.
  const same = padRows[0] === padRows[1] && padCols[0] === padCols[1] && 2 * padRows[0] === uh - 1 && 2 * padCols[0] === uw - 1;
  const pad = same ? 'same' : padRows[0] + padRows[1] + padCols[0] + padCols[1] === 0 ? 'valid' : ([[0, 0], padRows, padCols, [0, 0]] as tf.backend_util.ExplicitPadding);
  const all = g.depthwise ? tf.depthwiseConv2d(input, filter, 1, pad) : tf.conv2d(input, filter, 1, pad);
  const [, rowsOut, colsOut] = all.shape;
  const cin = g.inChannels;
  let dx: tf.Tensor4D = all;
  if (sh * sw > 1) {
    // out[s·i + p, s·j + q] = phase (p, q) at [i, j].
    const interleaved = g.depthwise
      ? tf.transpose(tf.reshape(all, [r, rowsOut, colsOut, cin, sh, sw]), [0, 1, 4, 2, 5, 3])
      : tf.transpose(tf.reshape(all, [r, rowsOut, colsOut, sh, sw, cin]), [0, 1, 3, 2, 4, 5]);
    dx = tf.reshape(interleaved, [r, rowsOut * sh, colsOut * sw, cin]);
  }
  const [, dh, dw] = dx.shape;
  return dh === g.inHeight && dw === g.inWidth ? dx : tf.slice(dx, [0, 0, 0, 0], [r, g.inHeight, g.inWidth, cin]);
}
