import { describe, expect, it } from 'vitest';
import type { ModelMetadata } from '../../core';
import type { EvidenceStudyResult } from '../../worker/protocol';
import { attributionRaster, klCurves, parseEpsilonList, predictedLeadingCurve, sanityMatrix, slopeText, studyPlotSpec } from './evidenceLogic';
import type { RecentModel } from './modelImportLogic';
import { describeLoadError, draftFromMetadata, filesForReload, metadataFromDraft, withRecent } from './modelImportLogic';

const metadata: ModelMetadata = {
  formatVersion: 1,
  id: 'm',
  title: 'M',
  description: '',
  classes: ['class 0', 'class 1'],
  head: 'softmax',
  input: { height: 4, width: 4, channels: 1 },
  preprocessing: { intensity: 'unit', mean: [0], std: [1], resize: 'bilinear' },
};

describe('metadata form', () => {
  it('round-trips a draft and applies edits', () => {
    const draft = draftFromMetadata(metadata);
    expect(draft.classes).toBe('class 0\nclass 1');
    const result = metadataFromDraft(metadata, { ...draft, classes: 'normal, lesion', head: 'sigmoid', mean: ['0.5'], std: ['0.25'], resize: 'nearest' });
    expect('metadata' in result && result.metadata).toMatchObject({ classes: ['normal', 'lesion'], head: 'sigmoid', preprocessing: { mean: [0.5], std: [0.25], resize: 'nearest' } });
  });

  it('names every problem: class count, non-numbers, non-positive std, a bad id', () => {
    const draft = draftFromMetadata(metadata);
    const bad = metadataFromDraft(metadata, { ...draft, classes: 'only one', mean: ['x'], std: ['0'] });
    expect('error' in bad && bad.error).toMatch(/2 outputs.*mean of channel 1 is not a number.*std of channel 1 must be positive/);
    const badId = metadataFromDraft(metadata, { ...draft, id: 'Has Spaces' });
    expect('error' in badId && badId.error).toMatch(/lowercase/);
  });
});

describe('load errors', () => {
  it('reads the code across the worker boundary and adds a hint', () => {
    const error = new Error('weight shard weights.bin has the wrong size');
    error.name = 'ModelLoadError(shard-size)';
    const p = describeLoadError(error, { kind: 'files', names: ['model.json', 'weights.bin'] });
    expect(p).toMatchObject({ code: 'shard-size', what: 'model.json, weights.bin' });
    expect(p.hint).toMatch(/weight file/);
  });

  it('explains CORS when the page could not fetch the URL, and HTTP errors otherwise', () => {
    const error = new Error('could not fetch https://x/model.json');
    error.name = 'ModelLoadError(fetch-failed)';
    expect(describeLoadError(error, { kind: 'url', url: 'https://x/model.json', probe: { kind: 'network-error' } }).hint).toMatch(/CORS/);
    expect(describeLoadError(error, { kind: 'url', url: 'https://x/model.json', probe: { kind: 'http', status: 404 } }).hint).toMatch(/HTTP 404/);
  });
});

describe('recent models', () => {
  const entry = (key: string, savedAt: number): RecentModel => ({ key, title: key, savedAt, source: { kind: 'url', url: key }, metadata: null, totalBytes: 0 });

  it('keeps one entry per key, newest first, and drops the oldest beyond the limit', () => {
    const list = [entry('a', 1), entry('b', 2), entry('c', 3)];
    const { list: next, dropped } = withRecent(list, entry('a', 10), 2);
    expect(next.map((m) => m.key)).toEqual(['a', 'c']);
    expect(dropped).toEqual(['b']);
  });

  it('reloads files with the saved metadata in place of the original metadata.json', () => {
    const bytes = new Uint8Array([1]);
    const files = filesForReload({ ...entry('f', 1), source: { kind: 'files', files: [{ name: 'model.json', bytes }, { name: 'metadata.json', bytes }] }, metadata }, (m) => JSON.stringify(m));
    expect(files.map((f) => f.name)).toEqual(['model.json', 'metadata.json']);
    expect(JSON.parse(new TextDecoder().decode(files[1].bytes))).toMatchObject({ id: 'm' });
  });
});

describe('evidence', () => {
  const study: EvidenceStudyResult = {
    modelId: 'm',
    epsilons: [0.1, 1],
    draws: 2,
    records: [
      { family: 'leading', epsilon: 0.1, draw: 0, kl: 1e-3, deltaP: 0, flipped: false, predictedKl: 2e-3 },
      { family: 'leading', epsilon: 0.1, draw: 1, kl: 3e-3, deltaP: 0, flipped: false, predictedKl: 2e-3 },
      { family: 'leading', epsilon: 1, draw: 0, kl: 0.2, deltaP: 0, flipped: false, predictedKl: 0.2 },
      { family: 'complement', epsilon: 0.1, draw: 0, kl: 1e-8, deltaP: 0, flipped: false, predictedKl: null },
      { family: 'removal-leading', epsilon: 3, draw: 0, kl: 1, deltaP: 0, flipped: true, predictedKl: null },
    ],
    eigenvalues: new Float64Array([0.4]),
    kUsed: 1,
    highNorm: 3,
    noiseFloor: 1e-12,
    slopes: { leading: { status: 'ok', slope: 2.01, intercept: -1, epsilons: [0.1, 1], r2: 0.999 }, complement: { status: 'below-noise-floor', slope: NaN, intercept: NaN, epsilons: [], r2: NaN } },
    skipped: [],
    seconds: 1,
  };

  it('parses ε lists', () => {
    expect(parseEpsilonList('1, 0.01 1e-3')).toEqual({ epsilons: [1e-3, 0.01, 1] });
    expect(parseEpsilonList('1, -2, x')).toEqual({ error: 'ε must be positive numbers, not "-2", "x"' });
  });

  it('averages KL over draws per family and ε, the prediction over the leading family', () => {
    const curves = klCurves(study);
    expect(curves.map((c) => c.family)).toEqual(['leading', 'complement']);
    expect(curves[0].points).toEqual([
      [0.1, 2e-3],
      [1, 0.2],
    ]);
    expect(predictedLeadingCurve(study)).toEqual([
      [0.1, 2e-3],
      [1, 0.2],
    ]);
    const spec = studyPlotSpec(study, 't');
    expect(spec.series.map((s) => s.name)).toEqual(['leading (slope 2.01)', 'complement', '½ε²λ (leading, predicted)']);
    expect(spec.xScale).toBe('log');
  });

  it('words slopes', () => {
    expect(slopeText(study.slopes.leading)).toBe('2.01, r² 0.999, 2 points');
    expect(slopeText(study.slopes.complement)).toBe('below the noise floor');
    expect(slopeText(undefined)).toBe('—');
  });

  it('pivots the randomisation rows', () => {
    const m = sanityMatrix({ target: 0, rows: [
      { stage: 2, layer: 'conv', label: 'saliency', spearman: 0.1, ssim: 0.2 },
      { stage: 1, layer: 'dense', label: 'saliency', spearman: 0.5, ssim: 0.6 },
      { stage: 1, layer: 'dense', label: 'ifim |v_1|', spearman: 0.4, ssim: 0.3 },
    ] });
    expect(m.labels).toEqual(['saliency', 'ifim |v_1|']);
    expect(m.stages.map((s) => [s.stage, s.layer, ...s.spearman])).toEqual([
      [1, 'dense', 0.5, 0.4],
      [2, 'conv', 0.1, NaN],
    ]);
  });

  it('draws signed maps diverging (zero in the middle colour) and magnitudes sequential', () => {
    const signed = attributionRaster({ values: new Float32Array([-1, 0, 1, 0]), width: 2, height: 2, signed: true }, 'rdbu');
    const magnitude = attributionRaster({ values: new Float32Array([0, 0.5, 1, 1]), width: 2, height: 2, signed: false }, 'rdbu');
    expect(Array.from(signed.data.slice(0, 3))).not.toEqual(Array.from(signed.data.slice(8, 11)));
    expect(Array.from(magnitude.data.slice(0, 3))).not.toEqual(Array.from(magnitude.data.slice(8, 11)));
    expect(signed.data[3]).toBe(255);
  });
});
