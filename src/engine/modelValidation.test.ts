import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifierFromFiles } from './loadModel';
import type { ModelFile } from './modelFromFiles';
import { ModelLoadError } from './modelLoadError';
import { editedFixture, fixtureFiles } from './testing/modelFixtures';

/**
 * Models that plain TF.js accepts and then crashes or computes nonsense with are refused at load:
 * a GraphModel whose nodes form a cycle (TF.js ends in a V8 fatal error, exit 133) or name a node
 * that is not there, and weights that are NaN or infinite.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function loadError(files: ModelFile[]): Promise<ModelLoadError> {
  const before = tf.memory().numTensors;
  try {
    (await loadClassifierFromFiles(files)).classifier.dispose();
  } catch (error) {
    expect(tf.memory().numTensors).toBe(before);
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  throw new Error('expected a ModelLoadError');
}

type Node = { name: string; op: string; input?: string[] };
type Graph = { modelTopology: { node: Node[] } };
const graph = (f: (nodes: Node[]) => void) => editedFixture('graph-twin', (json) => f((json as unknown as Graph).modelTopology.node));
const node = (nodes: Node[], name: string) => nodes.find((n) => n.name === name)!;

describe('graph validation', () => {
  it.each<[string, (nodes: Node[]) => void, RegExp]>([
    // Without the check, this one ends the process in a V8 fatal error (exit 133, "invalid size error").
    ['the output node’s only input is itself', (n) => (node(n, 'Identity').input = ['Identity']), /node Identity takes its own output as input: the graph has a cycle/],
    ['the output node feeds itself', (n) => node(n, 'Identity').input!.push('Identity'), /node Identity takes its own output as input: the graph has a cycle/],
    ['a loop through three nodes', (n) => (node(n, 'model/conv1/BiasAdd').input![0] = 'model/conv2/Relu'), /cycle \((model\/[a-z0-9/]+ → ){3}model\/[a-z0-9/]+\)/i],
    ['a control input around a loop', (n) => node(n, 'model/conv1/Conv2D').input!.push('^model/dense/BiasAdd'), /has a cycle/],
    ['an input naming no node', (n) => (node(n, 'model/dense/MatMul').input![0] = 'model/flatten/Reshape_missing:0'), /model\/dense\/MatMul ← model\/flatten\/Reshape_missing/],
    ['two nodes of one name', (n) => n.push({ ...node(n, 'model/conv1/Relu') }), /two nodes named model\/conv1\/Relu/],
    ['a node without an op', (n) => delete (n[3] as { op?: string }).op, /node 3 of the graph has no name or no op/],
  ])('%s is refused, naming the nodes', async (_, change, message) => {
    const error = await loadError(await graph(change));
    expect(error.code).toBe('invalid-model-json');
    expect(error.message).toMatch(/^test-fixtures\/models\/graph-twin\/model\.json: |^graph-twin\/model\.json: /);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
  });

  it('a TensorFlow v1 loop (NextIteration → Merge) is not taken for a cycle', async () => {
    // Merge ← NextIteration ← Merge: the one back edge TensorFlow's loops have. Validation passes it
    // (TF.js then refuses the graph for its own reasons, as an op it cannot differentiate or run).
    const files = await graph((n) => {
      n.push({ name: 'loop/Merge', op: 'Merge', input: ['model/dense/BiasAdd', 'loop/NextIteration'] }, { name: 'loop/NextIteration', op: 'NextIteration', input: ['loop/Merge'] });
    });
    const error = await loadError(files).catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toMatch(/cycle/);
  });
});

/** The fixture's files with the float at `index` of weight `weight` replaced. */
async function withWeightValue(fixture: string, weight: string, index: number, value: number): Promise<ModelFile[]> {
  const files = await fixtureFiles(fixture);
  const modelJson = files.find((f) => f.name.endsWith('model.json'))!;
  const manifest = (JSON.parse(new TextDecoder().decode(modelJson.bytes)) as tf.io.ModelJSON).weightsManifest;
  let offset = 0;
  for (const spec of manifest[0].weights) {
    if (spec.name === weight) break;
    offset += 4 * spec.shape.reduce((a, d) => a * d, 1);
  }
  return files.map((f) => {
    if (!f.name.endsWith('.bin')) return f;
    const bytes = f.bytes.slice();
    new DataView(bytes.buffer).setFloat32(offset + 4 * index, value, true);
    return { name: f.name, bytes };
  });
}

describe('non-finite weights', () => {
  it.each<[string, string, number, number]>([
    ['graph-twin', 'model/conv2/kernel', 5, Infinity],
    ['graph-twin', 'model/dense/bias', 0, NaN],
    ['layers-twin', '(its first weight)', 0, -Infinity],
  ])('%s: %s holding %s is refused, naming the weight', async (fixture, weight, index, value) => {
    const manifestName = fixture === 'layers-twin' ? await firstWeightName(fixture) : weight;
    const error = await loadError(await withWeightValue(fixture, manifestName, index, value));
    expect(error.code).toBe('invalid-weights');
    expect(error.message).toContain(`weight ${manifestName} holds a non-finite number`);
    expect(error.message).toContain(`model.json`);
  });

  it('the same files with finite values load', async () => {
    const { classifier } = await loadClassifierFromFiles(await withWeightValue('graph-twin', 'model/dense/bias', 0, 0.25));
    classifier.dispose();
  });
});

async function firstWeightName(fixture: string): Promise<string> {
  const files = await fixtureFiles(fixture);
  const modelJson = files.find((f) => f.name.endsWith('model.json'))!;
  return (JSON.parse(new TextDecoder().decode(modelJson.bytes)) as tf.io.ModelJSON).weightsManifest[0].weights[0].name;
}
