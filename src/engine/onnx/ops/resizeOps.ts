import * as tf from '@tensorflow/tfjs';
import { attrString } from '../onnxGraph';
import type { Value } from '../layout';
import { nhwcTensor, nhwcValue, onnxShape } from '../layout';
import type { OpContext, OpTable } from './opContext';

/**
 * Resize of 4-D images (NCHW in ONNX; N and C must keep their size). linear → TF.js's bilinear
 * resize for the half_pixel / pytorch_half_pixel, align_corners and asymmetric coordinate modes;
 * nearest → a gather of the source rows and columns ONNX's formula picks (every coordinate and
 * rounding mode), which is exactly differentiable.
 */
function outputSize(ctx: OpContext, shape: number[]): [number, number] {
  const sizes = ctx.inputCount > 3 ? ctx.host(3) : undefined;
  if (sizes && sizes.data.length > 0) {
    const s = Array.from(sizes.data);
    return [s[s.length - 2], s[s.length - 1]];
  }
  const scales = ctx.host(2);
  if (!scales || scales.data.length === 0) throw new Error(`${ctx.node.name}: Resize needs scales or sizes`);
  const s = Array.from(scales.data);
  if (s[0] !== 1 || s[1] !== 1) throw new Error(`${ctx.node.name}: Resize may only scale the spatial axes`);
  return [Math.floor(shape[2] * s[2]), Math.floor(shape[3] * s[3])];
}

function sourceCoordinate(mode: string, out: number, inSize: number, outSize: number): number {
  const scale = outSize / inSize;
  switch (mode) {
    case 'align_corners':
      return outSize === 1 ? 0 : (out * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return out / scale;
    case 'pytorch_half_pixel':
      return outSize > 1 ? (out + 0.5) / scale - 0.5 : 0;
    case 'tf_half_pixel_for_nn':
      return (out + 0.5) / scale;
    default:
      return (out + 0.5) / scale - 0.5; // half_pixel
  }
}

function roundNearest(mode: string, x: number): number {
  switch (mode) {
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round_prefer_ceil':
      return Math.round(x);
    default:
      return x % 1 === 0.5 ? Math.floor(x) : Math.round(x); // round_prefer_floor
  }
}

function resize(ctx: OpContext): Value[] {
  const v = ctx.value(0);
  const shape = onnxShape(v);
  if (shape.length !== 4) throw new Error(`${ctx.node.name}: only 4-D Resize is supported`);
  const [outH, outW] = outputSize(ctx, shape);
  const mode = attrString(ctx.node, 'mode', 'nearest');
  const coordinates = attrString(ctx.node, 'coordinate_transformation_mode', 'half_pixel');
  const x = nhwcTensor(v);
  if (mode === 'linear') {
    if (!['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'].includes(coordinates)) throw new Error(`${ctx.node.name}: linear Resize with ${coordinates} coordinates is not supported`);
    if (coordinates === 'pytorch_half_pixel' && (outH === 1 || outW === 1)) throw new Error(`${ctx.node.name}: pytorch_half_pixel Resize to size 1 is not supported`);
    const alignCorners = coordinates === 'align_corners';
    const halfPixel = coordinates === 'half_pixel' || coordinates === 'pytorch_half_pixel';
    return [nhwcValue(tf.image.resizeBilinear(x, [outH, outW], alignCorners, halfPixel))];
  }
  if (mode !== 'nearest') throw new Error(`${ctx.node.name}: Resize mode ${mode} is not supported (nearest and linear are)`);
  const rounding = attrString(ctx.node, 'nearest_mode', 'round_prefer_floor');
  const pick = (outSize: number, inSize: number) =>
    Array.from({ length: outSize }, (_, o) => Math.min(Math.max(roundNearest(rounding, sourceCoordinate(coordinates, o, inSize, outSize)), 0), inSize - 1));
  const rows = ctx.derived(`rows-${shape[2]}-${outH}`, [], () => tf.tensor1d(pick(outH, shape[2]), 'int32'));
  const cols = ctx.derived(`cols-${shape[3]}-${outW}`, [], () => tf.tensor1d(pick(outW, shape[3]), 'int32'));
  return [nhwcValue(tf.gather(tf.gather(x, rows, 1), cols, 2))];
}

export const RESIZE_OPS: OpTable = { Resize: resize };
