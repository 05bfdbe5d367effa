import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisWarningCode, ModelMetadata, UnitImage } from '../../src/core';
import { OUT_OF_DOMAIN_CODES, parseModelMetadata, summariseTrainingDomain } from '../../src/core';
import { projectRoot } from '../../src/cli/projectPaths';
import { analyzeDecodedImage } from '../../src/engine/analyzeDecodedImage';
import type { Classifier } from '../../src/engine/classifier';
import { classifierFromArtifacts } from '../../src/engine/classifier';
import type { DomainCheckContext } from '../../src/engine/domainCheckContext';
import { readModelArtifacts } from '../../src/engine/node/modelFiles';
import { useWasmBackendInNode } from '../../src/engine/wasm/nodeWasmSetup';
import { decodeImageFile, toDisplayImage } from '../../src/io/decodeImage';
import { sourceFactsOf } from '../../src/io/imageSourceFacts';
import { seededRng } from '../../src/core/perturbation/seededRng';
import type { TaskId } from '../../src/tasks';
import { generateDataset, taskIds } from '../../src/tasks';
import { quantizeInPlace, TRAINING_SEED } from '../../src/tasks/storedPrecision';
import { DEMO_PLANS } from './demoPlans';
import { TASK_DOMAIN_FACTS, trainingLikeImages } from './trainingDomain';
import { modelIdFor } from './trainTask';

/**
 * The shipped training domains with the shipped models, through the whole analysis path
 * (analyzeDecodedImage, as the CLI and the worker call it): fresh images of each model's own task
 * pass; images of the other tasks, inverted (MONOCHROME1 read as MONOCHROME2), constant and noise
 * images, and a real CT slice are flagged.
 */
const FRESH_SEED = 4242; // used by no training, held-out, check or sample set
const FRESH_COUNT = 20;
const modelsDir = join(projectRoot, 'public', 'models');

interface LoadedModel {
  readonly id: string;
  readonly taskId: TaskId;
  readonly metadata: ModelMetadata;
  readonly classifier: Classifier;
}
const models: LoadedModel[] = [];
let ct: { image: UnitImage; source: DomainCheckContext['source'] };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useWasmBackendInNode();
  for (const plan of DEMO_PLANS) {
    const id = modelIdFor(plan.taskId, plan.arch);
    const dir = join(modelsDir, id);
    const metadata = parseModelMetadata(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')), `${id}/metadata.json`);
    models.push({ id, taskId: plan.taskId as TaskId, metadata, classifier: await classifierFromArtifacts(await readModelArtifacts(join(dir, 'model.json')), metadata, id) });
  }
  const decoded = await decodeImageFile(new Uint8Array(await readFile(join(projectRoot, 'test-fixtures', 'images', 'ct-explicit-le.dcm'))), 'ct-explicit-le.dcm');
  ct = { image: toDisplayImage(decoded), source: sourceFactsOf(decoded) };
});
afterAll(() => models.forEach((m) => m.classifier.dispose()));

/** A task image as its 16-bit (gray) or 8-bit (RGB) sample file delivers it. */
function taskImage(taskId: TaskId, index: number): UnitImage {
  const d = generateDataset(taskId, FRESH_SEED, 1, { startIndex: index });
  quantizeInPlace(d.images, d.channels);
  return { width: d.width, height: d.height, channels: d.channels, data: d.images };
}

async function warningCodes(model: LoadedModel, image: UnitImage, source?: DomainCheckContext['source']): Promise<AnalysisWarningCode[]> {
  const before = tf.memory().numTensors;
  const analysis = await analyzeDecodedImage(model.classifier, model.metadata.preprocessing, image, { maxModes: 1, domain: { trainingDomain: model.metadata.trainingDomain, source } });
  expect(tf.memory().numTensors).toBe(before);
  return analysis.warnings.map((w) => w.code);
}

const outOfDomain = (codes: readonly AnalysisWarningCode[]): boolean => codes.some((c) => OUT_OF_DOMAIN_CODES.includes(c));

describe('shipped training domains', () => {
  it.each(DEMO_PLANS.map((p) => modelIdFor(p.taskId, p.arch)))('%s: computed from its own training set', (id) => {
    const model = models.find((m) => m.id === id)!;
    const domain = model.metadata.trainingDomain!;
    expect(domain.sample).toMatchObject({ generator: model.taskId, seed: TRAINING_SEED, firstIndex: 0 });
    expect(domain.sample.count).toBeGreaterThanOrEqual(1000);
    expect(domain.image).toEqual(model.metadata.input);
    expect(domain.perImage.lambda1).toBeDefined();
  });

  it.each(DEMO_PLANS.filter((p) => p.arch === 'cnn').map((p) => modelIdFor(p.taskId, p.arch)))('%s: its image statistics and thresholds are what the summary of those images gives', (id) => {
    const model = models.find((m) => m.id === id)!;
    const stored = model.metadata.trainingDomain!;
    const { height, width, channels } = model.metadata.input;
    const count = stored.sample.count;
    const images = trainingLikeImages(model.taskId, stored.sample.seed!, count, model.metadata);
    const again = summariseTrainingDomain({ images, count, height, width, channels }, { ...TASK_DOMAIN_FACTS[model.taskId], sample: stored.sample });
    expect(again.intensity).toEqual(stored.intensity);
    const { entropy: _e, lambda1: _l, lambda1Count: _c, ...imageRows } = stored.perImage;
    expect(again.perImage).toEqual(imageRows);
    const { entropy: _t, entropyPercentile: _p, ...imageThresholds } = stored.thresholds;
    expect(again.thresholds).toEqual(imageThresholds);
    expect([again.description, again.modalities, again.photometricInterpretation]).toEqual([stored.description, stored.modalities, stored.photometricInterpretation]);
  });

  it.each(DEMO_PLANS.map((p) => modelIdFor(p.taskId, p.arch)))(`%s: at most one false alarm on ${FRESH_COUNT} fresh images of its own task`, async (id) => {
    const model = models.find((m) => m.id === id)!;
    let alarms = 0;
    for (let i = 0; i < FRESH_COUNT; i++) if (outOfDomain(await warningCodes(model, taskImage(model.taskId, i)))) alarms++;
    // Nominal rate ≈ 1.5 % (0.5 % per statistic): expected 0.3 in 20.
    expect(alarms).toBeLessThanOrEqual(1);
  });

  it.each(DEMO_PLANS.map((p) => modelIdFor(p.taskId, p.arch)))('%s: the bundled sample files of its task pass', async (id) => {
    const model = models.find((m) => m.id === id)!;
    const index = JSON.parse(await readFile(join(projectRoot, 'public', 'samples', 'index.json'), 'utf8')) as { task: string; path: string }[];
    const samples = index.filter((s) => s.task === model.taskId);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      const decoded = await decodeImageFile(new Uint8Array(await readFile(join(projectRoot, 'public', sample.path))), sample.path);
      const codes = await warningCodes(model, toDisplayImage(decoded), sourceFactsOf(decoded));
      expect(codes.filter((c) => OUT_OF_DOMAIN_CODES.includes(c)), sample.path).toEqual([]);
    }
  });

  it.each(DEMO_PLANS.map((p) => modelIdFor(p.taskId, p.arch)))('%s: flags other tasks, inverted, constant, noise and CT images', async (id) => {
    const model = models.find((m) => m.id === id)!;
    const own = taskImage(model.taskId, 0);
    const { uniform } = seededRng(99);
    const mean = model.metadata.preprocessing.mean;
    const cases: [string, UnitImage, DomainCheckContext['source']?][] = [
      ...taskIds.filter((t) => t !== model.taskId).map((t) => [`a ${t} image`, taskImage(t, 0)] as [string, UnitImage]),
      ['the inverted image (MONOCHROME1 read as MONOCHROME2)', { ...own, data: own.data.map((v) => 1 - v) }],
      ['a constant image at the training mean', { ...own, data: own.data.map((_, i) => mean[i % own.channels]) }],
      ['uniform noise', { ...own, data: own.data.map(() => uniform()) }],
      ['a CT slice (DICOM, Modality CT)', ct.image, ct.source],
      ['the same CT slice without its DICOM header', ct.image],
    ];
    // The clustered lumpy background is symmetric under inversion: its inverted image has the
    // training images' statistics, a known limit of intensity statistics (docs/metadata.md).
    const knownMisses = model.taskId === 'clb-loc' ? ['the inverted image (MONOCHROME1 read as MONOCHROME2)'] : [];
    const missed: string[] = [];
    for (const [name, image, source] of cases) if (!outOfDomain(await warningCodes(model, image, source))) missed.push(name);
    expect(missed).toEqual(knownMisses);
  });

  it('the CT slice gets the modality warning and the chest model’s near-certainty is called no reassurance', async () => {
    const chest = models.find((m) => m.id === 'chest-cnn')!;
    const analysis = await analyzeDecodedImage(chest.classifier, chest.metadata.preprocessing, ct.image, { maxModes: 1, domain: { trainingDomain: chest.metadata.trainingDomain, source: ct.source } });
    const byCode = new Map(analysis.warnings.map((w) => [w.code, w.message]));
    expect(byCode.get('modality-mismatch')).toBe(
      'This is a CT image, but the model was trained on computed radiography (CR) or digital radiography (DX) images (procedural PA chest radiograph phantoms); its results may not be meaningful.',
    );
    const confident = Array.from(analysis.eigen.probabilities).some((p) => p >= 0.99);
    expect(byCode.has('confident-out-of-domain')).toBe(confident);
  });
});
