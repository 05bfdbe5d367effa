import { CONV_OPS } from './convOps';
import { ELEMENTWISE_OPS } from './elementwiseOps';
import { MATMUL_OPS } from './matmulOps';
import { NORM_OPS } from './normOps';
import type { OpTable } from './opContext';
import { POOL_OPS } from './poolOps';
import { REDUCE_OPS } from './reduceOps';
import { RESIZE_OPS } from './resizeOps';
import { SHAPE_OPS } from './shapeOps';

/** Every ONNX op (default domain) the importer runs, by family. */
export const ONNX_OPS: OpTable = { ...CONV_OPS, ...POOL_OPS, ...NORM_OPS, ...MATMUL_OPS, ...ELEMENTWISE_OPS, ...REDUCE_OPS, ...SHAPE_OPS, ...RESIZE_OPS };

export const SUPPORTED_ONNX_OPS: readonly string[] = Object.keys(ONNX_OPS).sort();

/** Ops whose output depends only on the input's shape: folded to constants at load. */
export const SHAPE_ONLY_OPS: ReadonlySet<string> = new Set(['Shape', 'Size']);
