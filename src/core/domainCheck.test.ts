import { describe, expect, it } from 'vitest';
import type { DomainCheckInput } from './domainCheck';
import { analysisWarnings, domainWarnings } from './domainCheck';
import type { TrainingDomain } from './domainCheckSchema';
import { intensityDistance } from './domainCheckStatistics';
import { perImageStatistics, summariseTrainingDomain } from './domainCheckSummary';
import type { AnalysisWarningCode } from './domainCheckWarnings';
import { serializeMetadata } from './inferMetadata';
import { parseModelMetadata } from './modelMetadata';
import { seededRandom } from './testing/seededRandom';

/**
 * The domain check on a training set whose distribution is known: images of independent N(0, 1)
 * pixels in model space, 16×16 gray. Fresh images from the same distribution should pass; shifted,
 * constant, smoothed images, other modalities, colour and stretched images should not.
 */
const H = 16;
const W = 16;

function noiseImages(count: number, seed: number, transform = (v: number) => v): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length: count * H * W }, () => transform(rng.normal()));
}

const COUNT = 400;
const stack = { images: noiseImages(COUNT, 1), count: COUNT, height: H, width: W, channels: 1 as const };
const domain: TrainingDomain = summariseTrainingDomain(
  stack,
  { description: 'test images', modalities: ['CR', 'DX'], photometricInterpretation: 'MONOCHROME2', sample: { seed: 1 } },
  { entropy: Array.from({ length: COUNT }, (_, i) => (i % 100) / 400), lambda1: [1, 2, 3] },
);

function input(x: ArrayLike<number>, extra: Partial<DomainCheckInput> = {}): DomainCheckInput {
  return { xModelSpace: x, inputShape: [H, W, 1], head: 'softmax', logits: [4, 0], classes: ['a', 'b'], trainingDomain: domain, ...extra };
}

const codes = (x: ArrayLike<number>, extra: Partial<DomainCheckInput> = {}): AnalysisWarningCode[] => domainWarnings(input(x, extra)).map((w) => w.code);

describe('trainingDomain summary', () => {
  it('flags about 0.5 % of its own images by intensity distance, and stays inside the structure bands for 99.5 %', () => {
    const stats = perImageStatistics(stack, domain.intensity.quantiles);
    const above = stats.distance.filter((d) => d > domain.thresholds.intensityDistance).length;
    // type-7 percentile at 99.5 % of 400 values lies between the 398th and 399th: two above it
    expect(above).toBe(2);
    const [low, high] = domain.thresholds.roughness;
    expect(stats.roughness.filter((r) => r < low || r > high).length).toBe(2);
  });

  it('records the pooled N(0, 1): median ≈ 0, quartiles ≈ ±0.674', () => {
    const q = domain.intensity.quantiles[0];
    expect(q).toHaveLength(101);
    expect(q[50]).toBeCloseTo(0, 1);
    expect(q[25]).toBeCloseTo(-0.674, 1);
    expect(q[75]).toBeCloseTo(0.674, 1);
    expect(domain.intensity.std[0]).toBeCloseTo(1, 1);
  });

  it('travels in metadata.json: parsed, checked against the model channels, serialised in full', () => {
    const metadata = {
      formatVersion: 1,
      id: 'm',
      title: 'm',
      classes: ['a', 'b'],
      head: 'softmax',
      input: { height: H, width: W, channels: 1 },
      preprocessing: { intensity: 'unit', mean: [0.5], std: [0.2], resize: 'bilinear' },
      trainingDomain: domain,
    };
    const parsed = parseModelMetadata(metadata);
    expect(parseModelMetadata(JSON.parse(serializeMetadata(parsed))).trainingDomain).toEqual(domain);
    expect(() => parseModelMetadata({ ...metadata, input: { height: H, width: W, channels: 3 }, preprocessing: { ...metadata.preprocessing, mean: [0, 0, 0], std: [1, 1, 1] } })).toThrow(
      /trainingDomain.image.channels is 1 but the model takes 3/,
    );
    const broken = { ...domain, intensity: { ...domain.intensity, quantiles: [[1, 0]] } };
    expect(() => parseModelMetadata({ ...metadata, trainingDomain: broken })).toThrow(/trainingDomain.intensity.quantiles.0: values must not decrease/);
  });
});

describe('domainWarnings', () => {
  it('passes fresh images of the training distribution (false alarms counted over 50)', () => {
    let alarms = 0;
    for (let i = 0; i < 50; i++) if (codes(noiseImages(1, 1000 + i)).length > 0) alarms++;
    // nominal rate about 1.5 % (0.5 % per statistic): more than 3 of 50 would mean miscalibration
    expect(alarms).toBeLessThanOrEqual(3);
  });

  it('flags a brightness shift, naming its direction and the distance against the threshold', () => {
    const [warning] = domainWarnings(input(noiseImages(1, 7, (v) => v + 3)));
    expect(warning.code).toBe('intensity-out-of-domain');
    expect(warning.message).toMatch(/^This image looks unlike the images this model was trained on: its intensities are brighter than in the training images/);
    // a pure shift of N(0, 1) by 3 is a W₁ distance of 3
    expect(intensityDistance(noiseImages(1, 7, (v) => v + 3), 1, domain.intensity.quantiles).distance).toBeCloseTo(3, 0);
    expect(warning.message).toContain(`99.5 % of training images stay below`);
    expect(warning.message).toMatch(/results may not be meaningful\.$/);
  });

  it('flags a constant image by intensity (no contrast) and structure (flat)', () => {
    const result = domainWarnings(input(new Float32Array(H * W)));
    expect(result.map((w) => w.code)).toEqual(['intensity-out-of-domain', 'structure-out-of-domain']);
    expect(result[0].message).toContain('without any contrast');
    expect(result[1].message).toContain('smoother or flatter');
  });

  it('flags the same pixel values rearranged smoothly: structure only, the histogram is in domain', () => {
    const values = Array.from(noiseImages(1, 11)).sort((a, b) => a - b); // a ramp with the right histogram
    expect(codes(values)).toEqual(['structure-out-of-domain']);
  });

  it('checks the DICOM modality, colour and aspect ratio of the source', () => {
    const x = noiseImages(1, 21);
    const gray = { width: 512, height: 512, channels: 1 };
    expect(codes(x, { source: { ...gray, modality: 'CT' } })).toEqual(['modality-mismatch']);
    expect(domainWarnings(input(x, { source: { ...gray, modality: 'CT' } }))[0].message).toBe(
      'This is a CT image, but the model was trained on computed radiography (CR) or digital radiography (DX) images (test images); its results may not be meaningful.',
    );
    expect(codes(x, { source: { ...gray, modality: 'DX' } })).toEqual([]);
    expect(codes(x, { source: { ...gray, channels: 3, chroma: 0.2 } })).toEqual(['colour-mismatch']);
    expect(codes(x, { source: { ...gray, channels: 3, chroma: 0 } })).toEqual([]); // gray saved as RGB
    expect(codes(x, { source: { ...gray, photometricInterpretation: 'YBR_FULL' } })).toEqual(['colour-mismatch']);
    expect(codes(x, { source: { width: 512, height: 300, channels: 1 } })).toEqual(['aspect-ratio']);
    expect(codes(x, { source: { width: 530, height: 512, channels: 1 } })).toEqual([]);
    const rgbDomain = { ...domain, photometricInterpretation: 'RGB' as const };
    expect(codes(x, { source: gray, trainingDomain: rgbDomain })).toEqual(['colour-mismatch']);
  });

  it('adds that near-certainty is no reassurance only when the image is out of domain', () => {
    const shifted = noiseImages(1, 7, (v) => v + 3);
    expect(codes(shifted, { logits: [12, 0] })).toEqual(['intensity-out-of-domain', 'confident-out-of-domain']);
    expect(domainWarnings(input(shifted, { logits: [12, 0] }))[1].message).toContain('(“a”)');
    expect(codes(noiseImages(1, 21), { logits: [12, 0] })).toEqual([]);
    // sigmoid: each label at ≥ 0.99 is named
    const sig = domainWarnings(input(shifted, { head: 'sigmoid', logits: [6, -6, 5], classes: ['x', 'y', 'z'] }));
    expect(sig[1].message).toContain('(“x”, “z”)');
  });

  it('flags an unsure prediction above both the training percentile and the 0.5 floor', () => {
    const x = noiseImages(1, 21);
    // recorded 99.5th percentile of the entropies (i % 100)/400 is just below 0.25: the floor rules
    expect(domain.thresholds.entropy).toBeLessThan(0.25);
    expect(codes(x, { logits: [0.3, 0] })).toEqual(['uncertain-prediction']); // entropy ≈ 0.98
    expect(codes(x, { logits: [1.5, 0] })).toEqual(['uncertain-prediction']); // p = 0.82: entropy 0.68
    expect(codes(x, { logits: [2.5, 0] })).toEqual([]); // p = 0.92: entropy 0.39, above the recorded 0.25 but below the floor
  });
});

describe('analysisWarnings', () => {
  it('without a training domain, only the insensitive-model note can appear', () => {
    const base = { xModelSpace: noiseImages(1, 3, (v) => v + 10), inputShape: [H, W, 1] as const, head: 'softmax' as const, logits: [0, 0], classes: ['a', 'b'], std: [0.2] };
    expect(analysisWarnings({ ...base, lambda1: 1 })).toEqual([]);
    expect(analysisWarnings({ ...base, lambda1: 1e-12 }).map((w) => w.code)).toEqual(['insensitive-model']);
    expect(analysisWarnings({ ...base, lambda1: 1e-12, trainingDomain: domain }).map((w) => w.code)).toEqual(['intensity-out-of-domain', 'uncertain-prediction', 'insensitive-model']);
  });
});
