import type { TrainingDomain } from './domainCheckSchema';
import { COARSE_LAG, channelMoments, intensityDistance, normalisedEntropy, roughness } from './domainCheckStatistics';
import type { SensitivityNoteInput } from './domainCheckSensitivity';
import { insensitivityWarning } from './domainCheckSensitivity';
import type { AnalysisWarning } from './domainCheckWarnings';
import { formatNumber, modalityInWords } from './domainCheckWarnings';
import { probabilitiesFromLogits } from './divergence';
import type { HeadType } from './types';

/**
 * Is this image like the images the model was trained on? Compares the image (in model input
 * space, plus what its file says) with the model's `trainingDomain` and returns plain-language
 * warnings: DICOM modality, colour versus grayscale, aspect ratio, the distribution of intensities
 * (W₁ distance against the pooled training quantiles), pixel-to-pixel structure, and the
 * predictive entropy; when any of the image checks fires and the model is near-certain, one more
 * warning says that its confidence is no reassurance. Thresholds come from the metadata, where the
 * training script calibrated them on the training images themselves (docs/metadata.md).
 */

/** What the file says about the image before it became the model input. */
export interface ImageSourceFacts {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  /** Mean max(R,G,B) − min(R,G,B) of the decoded pixels (domainCheckStatistics.meanChroma); 0 for gray. */
  readonly chroma?: number;
  /** DICOM Modality (0008,0060), when the file is DICOM. */
  readonly modality?: string | null;
  /** DICOM Photometric Interpretation (0028,0004), when the file is DICOM. */
  readonly photometricInterpretation?: string | null;
}

export interface DomainCheckInput {
  /** H×W×Ch, the exact model input. */
  readonly xModelSpace: ArrayLike<number>;
  readonly inputShape: readonly [number, number, number];
  readonly source?: ImageSourceFacts;
  readonly head: HeadType;
  readonly logits: ArrayLike<number>;
  readonly classes: readonly string[];
  readonly trainingDomain: TrainingDomain;
}

/** Above this mean chroma (about 5 grey levels of 8 bits) an RGB image counts as colour. */
export const COLOUR_CHROMA = 0.02;
/** Width/height ratios further apart than this factor distort shapes visibly. */
export const ASPECT_RATIO_TOLERANCE = 1.15;
/** "Near-certain": a probability at least this high. */
export const CONFIDENT_PROBABILITY = 0.99;
/**
 * A prediction counts as unsure only above this normalised entropy as well (a binary softmax at
 * p ≈ 0.89), so that a model that is near-certain on all its training images does not call a
 * merely less extreme prediction "unsure".
 */
export const UNSURE_ENTROPY_FLOOR = 0.5;

const CHANNEL_NAMES = ['red', 'green', 'blue'];

/** Whether the source is colour: from DICOM's Photometric Interpretation, else from its pixels. */
function sourceIsColour(source: ImageSourceFacts): boolean {
  const photometric = source.photometricInterpretation?.toUpperCase();
  if (photometric) return !photometric.startsWith('MONOCHROME');
  return source.channels >= 3 && (source.chroma ?? 1) > COLOUR_CHROMA;
}

function sourceWarnings(source: ImageSourceFacts, domain: TrainingDomain): AnalysisWarning[] {
  const warnings: AnalysisWarning[] = [];
  const trainedOn = domain.description ? ` (${domain.description})` : '';
  const modality = source.modality?.trim().toUpperCase();
  if (modality && domain.modalities && !domain.modalities.includes(modality)) {
    warnings.push({
      code: 'modality-mismatch',
      message: `This is a ${modalityInWords(modality)} image, but the model was trained on ${domain.modalities.map(modalityInWords).join(' or ')} images${trainedOn}; its results may not be meaningful.`,
    });
  }
  if (domain.photometricInterpretation) {
    const colour = sourceIsColour(source);
    if (colour && domain.photometricInterpretation === 'MONOCHROME2') {
      warnings.push({ code: 'colour-mismatch', message: 'This is a colour image, but the model was trained on grayscale images: it sees only the image’s brightness.' });
    } else if (!colour && domain.photometricInterpretation === 'RGB') {
      warnings.push({ code: 'colour-mismatch', message: 'This is a grayscale image, but the model was trained on colour images: it gets the same values in all three channels.' });
    }
  }
  const aspect = source.width / source.height;
  const trainedAspect = domain.image.width / domain.image.height;
  if (Math.max(aspect / trainedAspect, trainedAspect / aspect) > ASPECT_RATIO_TOLERANCE) {
    warnings.push({
      code: 'aspect-ratio',
      message: `The image is ${source.width}×${source.height} pixels and is stretched to the ${domain.image.width}×${domain.image.height} pixels of the model’s training images: shapes are distorted.`,
    });
  }
  return warnings;
}

/** The lowest and highest recorded percentile of a per-image statistic. */
function band(row: readonly number[]): [number, number] {
  return [row[0], row[row.length - 1]];
}

function intensityWarning(input: DomainCheckInput): AnalysisWarning | null {
  const { trainingDomain: domain, xModelSpace } = input;
  const channels = input.inputShape[2];
  const { distance, channel } = intensityDistance(xModelSpace, channels, domain.intensity.quantiles);
  const threshold = domain.thresholds.intensityDistance;
  if (!(distance > threshold)) return null;
  const { mean, std } = channelMoments(xModelSpace, channels);
  const [meanLow, meanHigh] = band(domain.perImage.mean[channel]);
  const [stdLow, stdHigh] = band(domain.perImage.std[channel]);
  const traits: string[] = [];
  if (mean[channel] > meanHigh) traits.push('brighter');
  else if (mean[channel] < meanLow) traits.push('darker');
  if (std[channel] > stdHigh) traits.push('higher in contrast');
  else if (std[channel] < stdLow) traits.push(std[channel] < 1e-6 ? 'without any contrast' : 'lower in contrast');
  const how = traits.length > 0 ? `its intensities are ${traits.join(' and ')} than in the training images` : 'its intensities are distributed differently from the training images’';
  const where = channels > 1 ? ` (${CHANNEL_NAMES[channel]} channel)` : '';
  const percentile = domain.thresholds.intensityDistancePercentile;
  const reference = percentile !== undefined ? `${percentile} % of training images stay below ${formatNumber(threshold)}` : `the threshold is ${formatNumber(threshold)}`;
  return {
    code: 'intensity-out-of-domain',
    message: `This image looks unlike the images this model was trained on: ${how}${where} — they are ${formatNumber(distance)} training standard deviations away on average, where ${reference}; results may not be meaningful.`,
  };
}

function structureWarning(input: DomainCheckInput): AnalysisWarning | null {
  const [h, w, ch] = input.inputShape;
  const { thresholds } = input.trainingDomain;
  const scales = [
    { r: roughness(input.xModelSpace, h, w, ch), band: thresholds.roughness, where: 'from one pixel to the next', between: 'neighbouring pixels' },
    { r: roughness(input.xModelSpace, h, w, ch, COARSE_LAG), band: thresholds.coarseRoughness, where: `over ${COARSE_LAG} pixels`, between: `pixels ${COARSE_LAG} apart` },
  ];
  const off = scales.find(({ r, band }) => r < band[0] || r > band[1]);
  if (!off) return null;
  const [low, high] = off.band;
  const more = off.r > high;
  const looks = more ? (off === scales[0] ? 'noisier or more finely textured' : 'busier, with smaller or stronger structures') : off === scales[0] ? 'smoother or flatter' : 'flatter, with larger or fainter structures';
  return {
    code: 'structure-out-of-domain',
    message: `This image’s structure is unlike the training images’: it changes far ${more ? 'more' : 'less'} ${off.where} (it looks ${looks}) — ${formatNumber(off.r)} training standard deviations between ${off.between} on average, against ${formatNumber(low)} to ${formatNumber(high)} on the training images.`,
  };
}

function entropyWarning(input: DomainCheckInput): AnalysisWarning | null {
  const recorded = input.trainingDomain.thresholds.entropy;
  if (recorded === undefined) return null;
  const threshold = Math.max(recorded, UNSURE_ENTROPY_FLOOR);
  const h = normalisedEntropy(input.head, input.logits);
  if (!(h > threshold)) return null;
  const percentile = input.trainingDomain.thresholds.entropyPercentile;
  const share = percentile !== undefined && recorded >= UNSURE_ENTROPY_FLOOR ? `${percentile} % of its training images (below ${formatNumber(recorded)})` : `nearly all of its training images`;
  return {
    code: 'uncertain-prediction',
    message: `The model is unsure about this image: its prediction is more uncertain (normalised entropy ${formatNumber(h)}, where 1 is a coin toss) than on ${share}.`,
  };
}

function confidenceWarning(input: DomainCheckInput): AnalysisWarning | null {
  const p = probabilitiesFromLogits(input.head, input.logits);
  const confident = input.classes.filter((_, i) => p[i] >= CONFIDENT_PROBABILITY);
  if (confident.length === 0) return null;
  const named = confident.map((name) => `“${name}”`).join(', ');
  return {
    code: 'confident-out-of-domain',
    message: `The model’s near-certain output (${named}) is no reassurance here: classifiers are often confidently wrong on images unlike those they were trained on.`,
  };
}

/** Every domain warning for one image, in the order a reader needs them. */
export function domainWarnings(input: DomainCheckInput): AnalysisWarning[] {
  const [h, w, ch] = input.inputShape;
  if (input.xModelSpace.length !== h * w * ch) throw new RangeError(`the model input has ${input.xModelSpace.length} values; ${h}×${w}×${ch} needs ${h * w * ch}`);
  const imageWarnings = [
    ...(input.source ? sourceWarnings(input.source, input.trainingDomain) : []),
    intensityWarning(input),
    structureWarning(input),
  ].filter((x): x is AnalysisWarning => x !== null);
  const unlike = imageWarnings.some((x) => x.code !== 'aspect-ratio');
  return [...imageWarnings, entropyWarning(input), unlike ? confidenceWarning(input) : null].filter((x): x is AnalysisWarning => x !== null);
}

export interface AnalysisWarningsInput extends Omit<DomainCheckInput, 'trainingDomain'> {
  readonly trainingDomain?: TrainingDomain;
  /** λ₁ of F(x) at this image. */
  readonly lambda1: number;
  /** preprocessing.std of the model. */
  readonly std: readonly number[];
}

/** The domain warnings (when the model records its training domain) and the insensitive-model note. */
export function analysisWarnings(input: AnalysisWarningsInput): AnalysisWarning[] {
  const { trainingDomain } = input;
  const warnings = trainingDomain ? domainWarnings({ ...input, trainingDomain }) : [];
  const note = insensitivityWarning({
    lambda1: input.lambda1,
    head: input.head,
    inputSize: input.xModelSpace.length,
    std: input.std,
    typicalLambda1: trainingDomain ? typicalLambda1(trainingDomain) : undefined,
  });
  return note ? [...warnings, note] : warnings;
}

/** λ₁ on the training images at the 5th and 95th percentiles, when recorded. */
function typicalLambda1(domain: TrainingDomain): SensitivityNoteInput['typicalLambda1'] {
  const row = domain.perImage.lambda1;
  const percentiles = domain.perImage.percentiles;
  const lowIndex = percentiles.indexOf(5);
  const highIndex = percentiles.indexOf(95);
  if (!row || lowIndex < 0 || highIndex < 0) return undefined;
  return { low: row[lowIndex], high: row[highIndex], lowPercentile: 5, highPercentile: 95 };
}
