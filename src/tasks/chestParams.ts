/**
 * `chest` phantom: image size, label names and the ranges of the drawn parameters, shared by the
 * anatomy, findings and rendering modules (see ./chest for the phantom's description).
 */

export const SIZE = 128;
export const HALF = SIZE / 2;
/** Pixels per image. */
export const N = SIZE * SIZE;

export const CHEST_LABELS = ['nodule-left-lung', 'nodule-right-lung', 'pleural-effusion'] as const;

/** Ranges [min, max] of the uniformly drawn anatomy parameters (normalised units: image half-width = 1). */
export const CHEST_PARAMS = {
  labelPrior: 0.4,
  rotation: [-0.06, 0.06],
  shift: [-0.04, 0.04],
  scale: [0.93, 1.04],
  bodyHalfWidth: [0.86, 0.97],
  lungLateral: [0.7, 0.8],
  lungMedial: [0.13, 0.18],
  lungApex: [-0.8, -0.7],
  lungBase: [0.48, 0.62],
  leftBaseDrop: [0.02, 0.06],
  diaphragmDome: [0.12, 0.2],
  cardiothoracicRatio: [0.38, 0.56],
  ribSpacing: [0.125, 0.155],
  ribHalfThickness: 0.028,
  softTissue: 0.52,
  air: 0.06,
  lungDarkness: [0.26, 0.32],
  gain: [0.9, 1.1],
  offset: [-0.04, 0.04],
  noduleRadiusPx: [3, 5],
  noduleContrast: [0.2, 0.3],
  effusionHeight: [0.2, 0.38],
  noiseSd: 0.012,
  whiteNoiseSd: 0.006,
} as const;
