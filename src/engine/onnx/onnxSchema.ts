import * as onnxProtoModule from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

/**
 * The ONNX schema (onnx.proto) as protobufjs-generated classes, from the maintained onnx-proto
 * package: nothing here decodes protobuf by hand. The package is CommonJS (`module.exports =
 * {onnx}`): bundlers expose `onnx` as a named export, Node's ESM loader only as `default.onnx`.
 */
const loaded = onnxProtoModule as unknown as { onnx?: typeof OnnxNamespace; default?: { onnx?: typeof OnnxNamespace } };
export const onnx: typeof OnnxNamespace = (loaded.onnx ?? loaded.default?.onnx) as typeof OnnxNamespace;

export type ModelProto = OnnxNamespace.ModelProto;
export type GraphProto = OnnxNamespace.IGraphProto;
export type NodeProto = OnnxNamespace.INodeProto;
export type TensorProto = OnnxNamespace.ITensorProto;
export type AttributeProto = OnnxNamespace.IAttributeProto;
export type ValueInfoProto = OnnxNamespace.IValueInfoProto;
