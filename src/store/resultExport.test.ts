import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../io/npy';
import { EXPORT_FILES, analysisNpyFiles, analysisResultJson } from './resultExport';
import { fakePayload } from './testing/payloads';

const x = Float32Array.from({ length: 16 }, (_, i) => i / 4 - 1);
const payload = fakePayload(x);
const context = {
  model: { id: 'm', title: 'Model', classes: ['a', 'b', 'c'], head: 'softmax' as const, inputShape: [4, 4, 1] as const, logitSource: 'model-logits' as const, notice: null },
  image: { source: 'scan.png', width: 8, height: 8, channels: 1, bitDepth: 16 },
  backend: 'webgpu',
  k: 5,
};

/** The top-level keys of the object `ifim analyze` writes, read from its source. */
function cliResultKeys(): string[] {
  const source = readFileSync(join(import.meta.dirname, '../cli/commands/analyze.ts'), 'utf8');
  const [, indent, block] = /^( *)const result = \{\n([\s\S]*?)\n\1\};/m.exec(source) ?? ['', '', ''];
  return [...block.matchAll(new RegExp(`^${indent} {2}([A-Za-z]+)(?::|,)`, 'gm'))].map((m) => m[1]);
}

describe('result export (the CLI format)', () => {
  it('has the fields of `ifim analyze`, in its order', () => {
    const keys = cliResultKeys();
    expect(keys.length).toBeGreaterThan(10);
    expect(Object.keys(analysisResultJson(payload, context))).toEqual(keys);
  });

  it('writes matrices as nested rows and clamps k to the modes kept', () => {
    const json = analysisResultJson(payload, context);
    expect(json.k).toBe(2);
    expect(json.modesKept).toBe(2);
    expect(json.gramEigenvectors).toEqual([
      [0.8, 0.6, 0],
      [-0.6, 0.8, 0],
      [0, 0, 1],
    ]);
    expect(json.modeClassWeights).toHaveLength(2);
    expect(json.modeClassWeights[1]).toEqual([0.3, 0.1, -0.4]);
    expect(json.files).toEqual({ input: 'input.npy', eigenvectors: 'eigenvectors.npy', xHigh: 'x_high.npy', xLow: 'x_low.npy' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('writes the arrays numpy reads, shaped as the CLI does', () => {
    const files = analysisNpyFiles(payload, 1);
    const eig = decodeNpy(files[EXPORT_FILES.eigenvectors]);
    expect(eig.shape).toEqual([2, 4, 4, 1]);
    expect(Array.from(eig.data)).toEqual(Array.from(payload.imageEigenvectors));
    const high = decodeNpy(files[EXPORT_FILES.xHigh]);
    const low = decodeNpy(files[EXPORT_FILES.xLow]);
    expect(high.shape).toEqual([4, 4, 1]);
    expect(high.data[0]).toBeCloseTo(x[0], 6);
    expect(high.data[1]).toBe(0); // k = 1 keeps v_1 = e_0 only
    for (let i = 0; i < 16; i++) expect(high.data[i] + low.data[i]).toBeCloseTo(x[i], 6);
    expect(decodeNpy(files[EXPORT_FILES.input]).shape).toEqual([4, 4, 1]);
  });
});
