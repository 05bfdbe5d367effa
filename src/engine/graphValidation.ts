import { ModelLoadError } from './modelLoadError';

/**
 * Structural checks of a GraphModel's node list before TF.js sees it. The executor orders nodes by
 * a depth-first walk that assumes a DAG: a node that feeds itself (directly or around a loop) ends
 * in a V8 fatal error ("invalid size error", exit 133) that no try/catch can stop, and an input
 * that names no node fails deep inside the executor. Both are refused here, naming the nodes.
 */
interface NodeJson {
  readonly name?: unknown;
  readonly op?: unknown;
  readonly input?: unknown;
}

function nodeNameOf(tensorName: string): string {
  const name = tensorName.startsWith('^') ? tensorName.slice(1) : tensorName;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

const shown = (names: readonly string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');

export function validateGraphNodes(nodes: readonly NodeJson[], source: string): void {
  const fail = (message: string) => new ModelLoadError('invalid-model-json', `${source}: ${message}`, source);
  const ops = new Map<string, string>();
  for (const [i, node] of nodes.entries()) {
    if (typeof node !== 'object' || node === null || typeof node.name !== 'string' || node.name === '' || typeof node.op !== 'string') {
      throw fail(`node ${i} of the graph has no name or no op; the file is damaged or not written by the TensorFlow.js converter`);
    }
    if (ops.has(node.name)) throw fail(`the graph has two nodes named ${node.name}; the file is damaged`);
    if (node.input !== undefined && (!Array.isArray(node.input) || node.input.some((x) => typeof x !== 'string'))) {
      throw fail(`node ${node.name}'s inputs are not a list of node names; the file is damaged`);
    }
    ops.set(node.name, node.op);
  }
  // Edges from → to. NextIteration → Merge is the one back edge TensorFlow's (v1) loops have by design.
  const consumers = new Map<string, string[]>();
  const pending = new Map<string, number>();
  const missing: string[] = [];
  for (const node of nodes) {
    const name = node.name as string;
    let count = 0;
    for (const input of (node.input as string[] | undefined) ?? []) {
      const from = nodeNameOf(input);
      if (!ops.has(from)) {
        missing.push(`${name} ← ${from}`);
        continue;
      }
      if (ops.get(from) === 'NextIteration') continue;
      count++;
      const list = consumers.get(from);
      if (list) list.push(name);
      else consumers.set(from, [name]);
    }
    pending.set(name, count);
  }
  if (missing.length > 0) throw fail(`node inputs name nodes the graph does not have (${shown(missing)}); the file is damaged or incomplete`);
  // Kahn's algorithm, iterative: what never becomes ready lies on or after a cycle.
  const ready = [...pending].filter(([, n]) => n === 0).map(([name]) => name);
  let done = 0;
  while (ready.length > 0) {
    const name = ready.pop()!;
    done++;
    for (const next of consumers.get(name) ?? []) {
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (done === nodes.length) return;
  const stuck = new Set([...pending].filter(([, n]) => n > 0).map(([name]) => name));
  // Report the nodes on a cycle, not everything downstream of it: follow stuck inputs until one repeats.
  const inputsOf = new Map(nodes.map((n) => [n.name as string, ((n.input as string[] | undefined) ?? []).map(nodeNameOf).filter((f) => stuck.has(f) && ops.get(f) !== 'NextIteration')]));
  let at = [...stuck][0];
  const seen = new Map<string, number>();
  const walk: string[] = [];
  while (!seen.has(at)) {
    seen.set(at, walk.length);
    walk.push(at);
    at = inputsOf.get(at)![0];
  }
  const cycle = walk.slice(seen.get(at)).reverse();
  throw fail(
    cycle.length === 1
      ? `node ${cycle[0]} takes its own output as input: the graph has a cycle, so it cannot be run; the file is damaged or not a converted model`
      : `the graph has a cycle (${shown([...cycle, cycle[0]]).replace(/, /g, ' → ')}), so it cannot be run; the file is damaged or not a converted model`,
  );
}
