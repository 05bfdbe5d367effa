/**
 * `histo` phantom: image size, the H&E stain vectors and the ranges of the drawn parameters, shared
 * by the nuclei, staining and metadata modules (see ./histo for the phantom's description).
 */

export const SIZE = 64;
/** Pixels per image. */
export const N = SIZE * SIZE;

/** Ruifrok & Johnston 2001 optical-density vectors (R, G, B), unit length. */
export const STAIN_H = [0.65, 0.704, 0.286] as const;
export const STAIN_E = [0.072, 0.99, 0.105] as const;

export const HISTO_PARAMS = {
  nuclei: [11, 16],
  minSpacing: 6.5,
  normalRadius: [2.1, 2.9],
  normalAspect: [1.0, 1.25],
  normalHaematoxylin: [0.55, 0.75],
  atypicalCount: [4, 7],
  atypicalScale: [1.55, 2.2],
  atypicalAspect: [1.0, 1.5],
  atypicalHarmonic: [0.04, 0.14],
  atypicalHyperchromasia: [1.45, 1.9],
  eosin: [0.3, 0.45],
  fibres: [5, 9],
  stainVariation: [0.85, 1.15],
  backgroundOd: 0.03,
  illumination: 0.97,
  noiseSd: 0.01,
} as const;

