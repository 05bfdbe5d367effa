/**
 * The warnings an analysis carries (result.json `warnings`, the viewer's banner): a stable code for
 * programs and tests, and one plain-language sentence for people.
 */
export type AnalysisWarningCode =
  | 'modality-mismatch'
  | 'colour-mismatch'
  | 'aspect-ratio'
  | 'intensity-out-of-domain'
  | 'structure-out-of-domain'
  | 'uncertain-prediction'
  | 'confident-out-of-domain'
  | 'insensitive-model';

export interface AnalysisWarning {
  readonly code: AnalysisWarningCode;
  readonly message: string;
}

/** The codes that say the image is unlike the training images (not the prediction or the model). */
export const OUT_OF_DOMAIN_CODES: readonly AnalysisWarningCode[] = ['modality-mismatch', 'colour-mismatch', 'intensity-out-of-domain', 'structure-out-of-domain'];

const MODALITY_NAMES: Readonly<Record<string, string>> = {
  CR: 'computed radiography (CR)',
  DX: 'digital radiography (DX)',
  CT: 'CT',
  MR: 'MR',
  MG: 'mammography (MG)',
  US: 'ultrasound (US)',
  NM: 'nuclear medicine (NM)',
  PT: 'PET (PT)',
  XA: 'X-ray angiography (XA)',
  RF: 'fluoroscopy (RF)',
  SM: 'slide microscopy (SM)',
  OT: 'other or synthetic (OT)',
  SC: 'secondary capture (SC)',
};

/** A DICOM Modality code in words, e.g. "computed radiography (CR)". */
export function modalityInWords(code: string): string {
  return MODALITY_NAMES[code] ?? code;
}

/** Three significant digits (enough to tell a value from a threshold), exponent notation only for extreme magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(3)));
  return value.toExponential(2);
}
