import type { ModelGraphSummary } from '../classifierModel';

/** One line per fact of a model file's summary, for the CLI: inputs, outputs, opset, op counts. */
export function graphSummaryLines(summary: ModelGraphSummary): string[] {
  const values = (list: ModelGraphSummary['inputs']) => list.map((v) => `${v.name} [${v.shape.join(', ')}]`).join(', ');
  const ops = Object.entries(summary.opCounts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const total = Object.values(summary.opCounts).reduce((a, n) => a + n, 0);
  return [
    `onnx input ${values(summary.inputs)} → output ${values(summary.outputs)}; opset ${summary.opset}${summary.producer ? `, from ${summary.producer}` : ''}`,
    `onnx ops ${ops} (${total} nodes; ${summary.runtimeNodes} run per call after constant folding)`,
  ];
}
