import { describe, expect, it } from 'vitest';
import type { DatasetStudyPayload } from '../../worker/protocol';
import { MAX_DATASET_IMAGES, datasetFileName, datasetFilesState, datasetPlotSpecs, parseDatasetOptions } from './evidenceLogic';
import { svgLinePlot } from '../../render/svgPlot';

const draft = { count: 8, epsilons: '1, 0.01, 0.1, 0.1', draws: 1, k: 1, seed: 0 };

describe('data-set study options', () => {
  it('gives a request with sorted distinct ε', () => {
    expect(parseDatasetOptions(draft)).toEqual({ request: { count: 8, epsilons: [0.01, 0.1, 1], draws: 1, k: 1, seed: 0 } });
  });
  it('names the field that is wrong', () => {
    expect(parseDatasetOptions({ ...draft, count: 0 })).toEqual({ error: `n must be a whole number from 1 to ${MAX_DATASET_IMAGES}` });
    expect(parseDatasetOptions({ ...draft, count: 2.5 })).toHaveProperty('error');
    expect(parseDatasetOptions({ ...draft, count: MAX_DATASET_IMAGES + 1 })).toHaveProperty('error');
    expect(parseDatasetOptions({ ...draft, draws: 0 })).toEqual({ error: 'draws must be a whole number ≥ 1' });
    expect(parseDatasetOptions({ ...draft, k: 0 })).toEqual({ error: 'k must be a whole number ≥ 1' });
    expect(parseDatasetOptions({ ...draft, epsilons: '0.1, -1' })).toHaveProperty('error');
  });
});

describe('data-set study plots', () => {
  const result: DatasetStudyPayload = {
    modelId: 'm',
    taskId: 'lumpy-ske',
    count: 8,
    dataSeed: 1,
    source: '8 held-out images of task lumpy-ske (seed 1)',
    epsilons: [0.01, 0.1],
    draws: 1,
    clean: { accuracy: 0.875, auc: 0.9 },
    table: [
      { family: 'leading', epsilon: 0.01, accuracy: 0.875, auc: 0.9 },
      { family: 'leading', epsilon: 0.1, accuracy: 0.5, auc: 0.6 },
      { family: 'isotropic', epsilon: 0.01, accuracy: 0.875, auc: 0.9 },
      { family: 'isotropic', epsilon: 0.1, accuracy: 0.875, auc: 0.88 },
      { family: 'removal-leading', epsilon: 3, accuracy: 0.25, auc: 0.3 },
    ],
    slopes: {},
    noiseFloor: 1e-9,
    seconds: 1,
  };

  it('draws one series per family, removals as markers, the clean set as a reference', () => {
    const { accuracy, auc } = datasetPlotSpecs(result, 'M');
    expect(accuracy.series.map((s) => s.name)).toEqual(['leading', 'isotropic', 'removal-leading (at mean |x_high|)']);
    expect(accuracy.series[0].points).toEqual([
      [0.01, 0.875],
      [0.1, 0.5],
    ]);
    expect(auc.series[1].points).toEqual([
      [0.01, 0.9],
      [0.1, 0.88],
    ]);
    expect(accuracy.series[2].line).toBe(false);
    expect(accuracy.series[0].line).toBeUndefined();
    expect(accuracy.referenceLines).toEqual([{ y: 0.875, label: 'clean', color: '#888888' }]);
    expect(auc.referenceLines?.[0].y).toBe(0.9);
    expect(accuracy.xScale).toBe('log');
    expect(auc.yLabel).toBe('AUC');
    expect(svgLinePlot(accuracy)).toContain('<svg');
  });

  it('leaves out a clean reference that is not a number', () => {
    expect(datasetPlotSpecs({ ...result, clean: { accuracy: 1, auc: NaN } }, 'M').auc.referenceLines).toEqual([]);
  });
});

describe('data-set study files', () => {
  const f = (name: string, webkitRelativePath = '') => ({ name, webkitRelativePath });
  it('takes a .csv among the images as the labels, and says what is missing', () => {
    const state = datasetFilesState([f('a.png'), f('labels.csv'), f('b.png')], null);
    expect(state.labels?.name).toBe('labels.csv');
    expect(state.images.map((x) => x.name)).toEqual(['a.png', 'b.png']);
    expect(state.error).toBeNull();
    expect(datasetFilesState([f('a.png')], null).error).toMatch(/labels CSV/);
    expect(datasetFilesState([], f('l.csv')).error).toMatch(/choose the images/);
  });
  it('names a folder file by its path inside the folder', () => {
    expect(datasetFileName(f('a.png', 'set/a.png'))).toBe('set/a.png');
    expect(datasetFileName(f('a.png'))).toBe('a.png');
  });
});
