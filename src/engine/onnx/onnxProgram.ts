import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from '../modelLoadError';
import type { HostTensor } from './hostTensor';
import type { OnnxGraph, OnnxNode } from './onnxGraph';
import type { Layout, Value } from './layout';
import { plain } from './layout';
import type { OpContext, OpFunction } from './ops/opContext';
import { ONNX_OPS, SHAPE_ONLY_OPS } from './ops/opTable';

/**
 * An ONNX graph compiled for TF.js: constants folded at load, the rest a list of tf.* calls.
 *
 * Folding runs the graph once on a random image (a "trace"): a value is constant when every input
 * of its node is (initializers, Constant, and Shape, whose output depends on the input's shape
 * only). Constants are read to the host, so Reshape targets, Slice bounds or pads are plain numbers
 * when the model runs. With a dynamic batch axis the graph is traced at batch 1, 2 and 3: a
 * constant that changes with the batch (PyTorch's `x.shape[0]` in a reshape) must be affine in it
 * — checked on the third trace — and is then computed from the batch size at each call; the few
 * nodes that build tensors from it (an Expand of ViT's class token) run at each call. A graph whose
 * shape arithmetic is not affine in the batch is run one image at a time.
 */
export interface OnnxProgram {
  /** 'any': batches of images at once; 'one': the graph is run per image. */
  readonly batch: 'any' | 'one';
  /** Nodes executed per call (the others were folded at load). */
  readonly runtimeNodeCount: number;
  /** The graph's output for a batch of NHWC images (B, H, W, Ch), in ONNX order. */
  run(xNhwc: tf.Tensor4D): tf.Tensor;
  dispose(): void;
}

export interface ProgramIo {
  readonly input: string;
  readonly output: string;
  /** Height, width, channels of one image. */
  readonly image: readonly [number, number, number];
  readonly dynamicBatch: boolean;
}

interface TraceEntry {
  readonly value: Value;
  readonly constant: boolean;
  /** Host copy of a constant (ONNX order); absent for large float constants nobody reads on the host. */
  readonly host?: HostTensor;
}

type Trace = Map<string, TraceEntry>;

const HOST_READ_LIMIT = 1 << 16;

async function hostOf(value: Value): Promise<HostTensor | undefined> {
  const t = value.layout === 'plain' ? value.tensor : tf.tidy(() => plain(value).tensor);
  if (t.dtype === 'float32' && t.size > HOST_READ_LIMIT) return undefined;
  const data = await t.data();
  if (t !== value.tensor) t.dispose();
  const dtype = t.dtype === 'bool' ? 'bool' : t.dtype === 'int32' ? 'int32' : 'float32';
  const typed = dtype === 'float32' ? Float32Array.from(data as Float32Array) : dtype === 'int32' ? Int32Array.from(data as Int32Array) : Uint8Array.from(data as Uint8Array);
  return { dtype, shape: [...t.shape], data: typed };
}

function tensorOfHost(t: HostTensor): tf.Tensor {
  return tf.tensor(t.data, [...t.shape], t.dtype);
}

function loadError(source: string, node: OnnxNode, message: string): ModelLoadError {
  return new ModelLoadError('unsupported-op', `${source}: node ${node.name} (${node.opType}) cannot be run: ${message}`, source);
}

function dynamicShapeError(source: string, node: OnnxNode, i: number): ModelLoadError {
  return new ModelLoadError(
    'input-shape',
    `${source}: node ${node.name} (${node.opType}) needs its input ${node.inputs[i]} as a fixed value when the model is loaded, but it is computed from the image: a dynamic shape this tool cannot fix; export the model with a fixed input size`,
    source,
  );
}

interface ContextSource {
  value(name: string): Value | undefined;
  host(name: string): HostTensor | undefined;
  derived<T extends tf.Tensor>(node: OnnxNode, key: string, from: readonly Value[], make: () => T): T;
}

function contextFor(node: OnnxNode, opset: number, source: string, values: ContextSource): OpContext {
  return {
    node,
    opset,
    source,
    inputCount: node.inputs.length,
    input: (i) => (node.inputs[i] ? values.value(node.inputs[i]) : undefined),
    value: (i) => {
      const v = node.inputs[i] ? values.value(node.inputs[i]) : undefined;
      if (!v) throw new Error(`input ${i} is missing`);
      return v;
    },
    host: (i) => {
      const name = node.inputs[i];
      if (!name) return undefined;
      const h = values.host(name);
      if (!h) throw dynamicShapeError(source, node, i);
      return h;
    },
    hostIfKnown: (i) => (node.inputs[i] ? values.host(node.inputs[i]) : undefined),
    derived: (key, from, make) => values.derived(node, key, from, make),
  };
}

/** Runs one op in a tidy scope; its outputs survive, its intermediates do not. */
function runOp(op: OpFunction, ctx: OpContext, source: string): Value[] {
  let layouts: Layout[] = [];
  let tensors: tf.Tensor[];
  try {
    tensors = tf.tidy(() => {
      const out = op(ctx);
      layouts = out.map((v) => v.layout);
      return out.map((v) => v.tensor);
    });
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw loadError(source, ctx.node, error instanceof Error ? error.message : String(error));
  }
  return tensors.map((tensor, i) => ({ tensor, layout: layouts[i] }));
}

/** The index of the last node reading each value: non-constant trace values are freed after it. */
function lastUses(graph: OnnxGraph, output: string): Map<string, number> {
  const last = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.inputs.forEach((name) => name && last.set(name, i)));
  last.set(output, Infinity);
  return last;
}

async function trace(graph: OnnxGraph, io: ProgramIo, batch: number, source: string): Promise<Trace> {
  const values: Trace = new Map();
  const last = lastUses(graph, io.output);
  for (const [name, host] of graph.initializers) values.set(name, { value: { tensor: tensorOfHost(host), layout: 'plain' }, constant: true, host });
  const [h, w, c] = io.image;
  values.set(io.input, { value: { tensor: tf.randomNormal([batch, h, w, c], 0, 1, 'float32', 7), layout: 'nhwc' }, constant: false });
  const sourceOfValues: ContextSource = {
    value: (name) => values.get(name)?.value,
    host: (name) => values.get(name)?.host,
    derived: (_node, _key, _from, make) => make(),
  };
  try {
    for (let index = 0; index < graph.nodes.length; index++) {
      const node = graph.nodes[index];
      const ctx = contextFor(node, graph.opset, source, sourceOfValues);
      const outputs = runOp(ONNX_OPS[node.opType], ctx, source);
      const constant = SHAPE_ONLY_OPS.has(node.opType) || node.inputs.every((name) => name === '' || values.get(name)?.constant === true);
      for (let i = 0; i < node.outputs.length; i++) {
        const value = outputs[i];
        if (!node.outputs[i] || !value) {
          if (i === 0) throw loadError(source, node, 'it produced no output');
          value?.tensor.dispose();
          continue;
        }
        values.set(node.outputs[i], { value, constant, host: constant ? await hostOf(value) : undefined });
      }
      outputs.slice(node.outputs.length).forEach((v) => v.tensor.dispose());
      // Activations are not needed once read: the trace keeps constants and the output only.
      // Ops may return an input tensor itself (Identity, a Transpose folded into the layout).
      for (const name of node.inputs) {
        const entry = name ? values.get(name) : undefined;
        if (!entry || entry.constant || last.get(name) !== index) continue;
        values.delete(name);
        if (![...node.outputs].some((o) => values.get(o)?.value.tensor === entry.value.tensor) && !aliased(values, entry.value.tensor)) entry.value.tensor.dispose();
      }
    }
  } catch (error) {
    disposeTrace(values, new Set());
    throw error;
  }
  return values;
}

function aliased(values: Trace, tensor: tf.Tensor): boolean {
  for (const entry of values.values()) if (entry.value.tensor === tensor) return true;
  return false;
}

function disposeTrace(trace: Trace, keep: ReadonlySet<tf.Tensor>): void {
  for (const entry of trace.values()) if (!keep.has(entry.value.tensor) && !entry.value.tensor.isDisposed) entry.value.tensor.dispose();
}

function sameHost(a: HostTensor | undefined, b: HostTensor | undefined, shapeA: readonly number[], shapeB: readonly number[]): boolean {
  if (shapeA.join() !== shapeB.join()) return false;
  if (!a || !b) return true;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** Batch-dependent integer constants, v(B) = base + (B − 1)·slope, when the three traces agree. */
interface AffineInts {
  readonly base: Int32Array;
  readonly slope: Int32Array;
  readonly shape: readonly number[];
}

function affineOf(t1: TraceEntry, t2: TraceEntry, t3: TraceEntry): AffineInts | null {
  const [a, b, c] = [t1.host, t2.host, t3.host];
  if (!a || !b || !c || a.dtype !== 'int32' || a.data.length !== b.data.length || a.data.length !== c.data.length) return null;
  const slope = new Int32Array(a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    slope[i] = b.data[i] - a.data[i];
    if (c.data[i] !== a.data[i] + 2 * slope[i]) return null;
  }
  return { base: Int32Array.from(a.data), slope, shape: a.shape };
}

function staticEntries(trace: Trace): Map<string, TraceEntry> {
  return new Map([...trace].filter(([, e]) => e.constant));
}

/** One image per call: every constant of the batch-1 trace is a constant. */
async function compileFixedBatch(graph: OnnxGraph, io: ProgramIo, source: string): Promise<OnnxProgram> {
  const first = await trace(graph, io, 1, source);
  const constants = staticEntries(first);
  disposeTrace(first, new Set([...constants.values()].map((e) => e.value.tensor)));
  const nodes = graph.nodes.filter((node) => node.outputs.some((o) => o && !constants.has(o)));
  const program = new CompiledOnnxProgram(graph, io, source, constants, new Map(), 'one', nodes);
  warmUp(program, io, 1);
  return program;
}

/** Fills the cache of derived constants outside any gradient tape; returns the output for batch `b`. */
function warmUp(program: OnnxProgram, io: ProgramIo, b: number): void {
  const [h, w, c] = io.image;
  tf.tidy(() => {
    program.run(tf.randomNormal([b, h, w, c], 0, 1, 'float32', 7) as tf.Tensor4D);
  });
}

/**
 * Batched, when the batch axis is dynamic: null when the graph's shape arithmetic is not affine in
 * the batch, or the compiled graph does not reproduce the batch-2 trace.
 */
async function compileDynamicBatch(graph: OnnxGraph, io: ProgramIo, source: string): Promise<OnnxProgram | null> {
  const traces: Trace[] = [];
  let program: CompiledOnnxProgram | null = null;
  try {
    for (const b of [1, 2, 3]) traces.push(await trace(graph, io, b, source));
    const [first, second, third] = traces;
    const constants = new Map<string, TraceEntry>();
    const affine = new Map<string, AffineInts>();
    for (const [name, entry] of first) {
      if (!entry.constant) continue;
      const [o2, o3] = [second.get(name), third.get(name)];
      if (!o2 || !o3) return null;
      if (sameHost(entry.host, o2.host, entry.value.tensor.shape, o2.value.tensor.shape) && sameHost(entry.host, o3.host, entry.value.tensor.shape, o3.value.tensor.shape)) {
        constants.set(name, entry);
        continue;
      }
      const line = affineOf(entry, o2, o3);
      if (line) affine.set(name, line);
    }
    const nodes = graph.nodes.filter((node) => node.outputs.some((o) => o && !constants.has(o) && !affine.has(o)));
    program = new CompiledOnnxProgram(graph, io, source, constants, affine, 'any', nodes);
    const expected = second.get(io.output);
    const [h, w, c] = io.image;
    const compiled = program;
    const gap = tf.tidy(() => {
      const out = compiled.run(tf.randomNormal([2, h, w, c], 0, 1, 'float32', 7) as tf.Tensor4D);
      const reference = expected ? plain(expected.value).tensor : null;
      if (!reference || out.shape.join() !== reference.shape.join()) return tf.scalar(Infinity);
      return tf.max(tf.abs(tf.sub(out, reference)));
    });
    const difference = (await gap.data())[0];
    gap.dispose();
    if (!(difference <= 1e-4)) {
      program.dispose();
      return null;
    }
    const kept = new Set([...constants.values()].map((e) => e.value.tensor));
    disposeTrace(first, kept);
    traces.shift();
    return program;
  } catch (error) {
    program?.dispose();
    if (error instanceof ModelLoadError && error.code === 'input-shape') return null;
    throw error;
  } finally {
    for (const t of traces) disposeTrace(t, new Set());
  }
}

export async function compileOnnxProgram(graph: OnnxGraph, io: ProgramIo, source: string): Promise<OnnxProgram> {
  if (io.dynamicBatch) {
    const batched = await compileDynamicBatch(graph, io, source);
    if (batched) return batched;
  }
  return compileFixedBatch(graph, io, source);
}

class CompiledOnnxProgram implements OnnxProgram {
  private readonly cache = new Map<string, tf.Tensor>();
  private readonly constants = new Map<string, Value>();

  constructor(
    private readonly graph: OnnxGraph,
    private readonly io: ProgramIo,
    private readonly source: string,
    private readonly staticConstants: ReadonlyMap<string, TraceEntry>,
    private readonly affine: ReadonlyMap<string, AffineInts>,
    readonly batch: 'any' | 'one',
    private readonly nodes: readonly OnnxNode[],
  ) {
    for (const [name, entry] of staticConstants) this.constants.set(name, { ...entry.value, constantName: name });
  }

  get runtimeNodeCount(): number {
    return this.nodes.length;
  }

  run(xNhwc: tf.Tensor4D): tf.Tensor {
    const batch = xNhwc.shape[0];
    const values = new Map<string, Value>();
    const hosts = new Map<string, HostTensor>();
    const affineHost = (name: string): HostTensor | undefined => {
      const line = this.affine.get(name);
      if (!line) return undefined;
      let h = hosts.get(name);
      if (!h) {
        h = { dtype: 'int32', shape: line.shape, data: line.base.map((b, i) => b + (batch - 1) * line.slope[i]) };
        hosts.set(name, h);
      }
      return h;
    };
    const source: ContextSource = {
      value: (name) => {
        const v = values.get(name) ?? this.constants.get(name);
        if (v) return v;
        const h = affineHost(name);
        if (!h) return undefined;
        const materialised: Value = { tensor: tensorOfHost(h), layout: 'plain' };
        values.set(name, materialised);
        return materialised;
      },
      host: (name) => this.staticConstants.get(name)?.host ?? affineHost(name),
      derived: (node, key, from, make) => {
        if (!from.every((v) => v.constantName !== undefined)) return make();
        const id = `${node.name}\u0000${key}`;
        const cached = this.cache.get(id);
        if (cached) return cached as ReturnType<typeof make>;
        const made = tf.keep(make());
        this.cache.set(id, made);
        return made;
      },
    };
    values.set(this.io.input, { tensor: xNhwc, layout: 'nhwc' });
    for (const node of this.nodes) {
      const ctx = contextFor(node, this.graph.opset, this.source, source);
      const op = ONNX_OPS[node.opType];
      const out = op(ctx);
      node.outputs.forEach((name, i) => {
        if (name && out[i]) values.set(name, out[i]);
      });
    }
    const output = values.get(this.io.output) ?? this.constants.get(this.io.output);
    if (!output) throw new Error(`${this.source}: the graph output ${this.io.output} was not computed`);
    return plain(output).tensor;
  }

  dispose(): void {
    for (const v of this.constants.values()) v.tensor.dispose();
    for (const t of this.cache.values()) t.dispose();
    this.constants.clear();
    this.cache.clear();
  }
}
