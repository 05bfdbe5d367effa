import type { ImageSourceFacts } from '../core';
import type { DecodedImage } from './decodeImage';

/**
 * What a file says about its image for the domain check: a DICOM file's Modality and Photometric
 * Interpretation; nothing for rasters (their size and colour come from the pixels). MONOCHROME1 is
 * already inverted on decoding, so it reads as MONOCHROME2 for the check.
 */
export function sourceFactsOf(decoded: DecodedImage): Pick<ImageSourceFacts, 'modality' | 'photometricInterpretation'> {
  if (decoded.kind !== 'dicom') return {};
  const { modality, photometricInterpretation } = decoded.dicom;
  return { modality, photometricInterpretation: photometricInterpretation === 'MONOCHROME1' ? 'MONOCHROME2' : photometricInterpretation };
}
