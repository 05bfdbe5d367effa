import type { AnalysisWarning, ImageSourceFacts, ModelMetadata, TrainingDomain, UnitImage } from '../core';
import { analysisWarnings, meanChroma } from '../core';
import type { ImageAnalysis } from './analyzeImage';
import type { Classifier } from './classifier';

/** What the domain check needs beyond the image: the model's training domain and the file's own facts. */
export interface DomainCheckContext {
  /** metadata.trainingDomain; without it only the insensitive-model note is checked. */
  readonly trainingDomain?: TrainingDomain;
  /** From a DICOM file: Modality and Photometric Interpretation. */
  readonly source?: Pick<ImageSourceFacts, 'modality' | 'photometricInterpretation'>;
}

/** The warnings of one analysis (core/domainCheck), from the decoded image and the analysis result. */
export function warningsForAnalysis(
  classifier: Classifier,
  preprocessing: ModelMetadata['preprocessing'],
  image: UnitImage,
  xModelSpace: Float32Array,
  analysis: ImageAnalysis,
  context: DomainCheckContext = {},
): AnalysisWarning[] {
  const { info } = classifier;
  return analysisWarnings({
    xModelSpace,
    inputShape: info.inputShape,
    source: { width: image.width, height: image.height, channels: image.channels, chroma: meanChroma(image.data, image.channels), ...context.source },
    head: info.head,
    logits: analysis.logits,
    classes: info.classes,
    trainingDomain: context.trainingDomain,
    lambda1: analysis.eigen.eigenvalues[0] ?? 0,
    std: preprocessing.std,
  });
}
