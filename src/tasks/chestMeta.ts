/** `chest` task metadata: description, classes and the documented parameters (see ./chest). */
import { CHEST_LABELS, CHEST_PARAMS, SIZE } from './chestParams';
import type { TaskMeta } from './types';

const P = CHEST_PARAMS;

const rangeParam = (value: readonly number[], description: string, unit = 'normalised (image half-width = 1)') => ({
  value,
  unit,
  description: `${description} (uniform in [min, max])`,
  source: 'Design choice (textbook PA chest proportions)',
});

export const chestMeta: TaskMeta = {
  id: 'chest',
  title: 'Chest radiograph phantom: nodules and pleural effusion',
  description:
    'Procedural PA chest-radiograph-like phantom, 128×128 grayscale, multi-label (sigmoid): nodule in the left lung, ' +
    'nodule in the right lung, pleural effusion, each present with probability 0.4 independently. Radiological ' +
    "convention: the patient's left lung is on the IMAGE RIGHT (columns ≥ 64, with the heart shadow), the patient's " +
    'right lung on the image left. A nodule is a small bright round opacity inside its lung field; an effusion is a ' +
    'homogeneous opacity filling the costophrenic angle with a meniscus. Anatomy (lung and heart size, rib spacing, ' +
    'pose, brightness) varies per sample. One mask per label; signalMask is their union.',
  classes: [...CHEST_LABELS],
  head: 'sigmoid',
  height: SIZE,
  width: SIZE,
  channels: 1,
  parameters: {
    labelPrior: { value: P.labelPrior, description: 'Probability of each label, independently', source: 'Design choice (brief: ~0.4)' },
    rotation: rangeParam(P.rotation, 'In-plane patient rotation', 'rad'),
    shift: rangeParam(P.shift, 'Patient shift along each axis'),
    scale: rangeParam(P.scale, 'Patient size relative to the field of view', '1'),
    bodyHalfWidth: rangeParam(P.bodyHalfWidth, 'Half-width of the body outline'),
    lungLateral: rangeParam(P.lungLateral, 'Distance of the lateral lung wall (costophrenic angle) from the midline'),
    lungMedial: rangeParam(P.lungMedial, 'Half-width of the mediastinum (medial lung border)'),
    lungApex: rangeParam(P.lungApex, 'Height of the lung apices'),
    lungBase: rangeParam(P.lungBase, 'Height of the right costophrenic angle'),
    leftBaseDrop: rangeParam(P.leftBaseDrop, 'Left hemidiaphragm lower than the right by this much'),
    diaphragmDome: rangeParam(P.diaphragmDome, 'Height of the diaphragm dome above the costophrenic angle'),
    cardiothoracicRatio: {
      value: P.cardiothoracicRatio,
      unit: '1',
      description: 'Heart width / thoracic width (uniform); > 0.5 is cardiomegaly on a PA film',
      source: 'Danzer 1919 (cardiothoracic ratio; normal < 0.5); range is a design choice spanning normal to mildly enlarged',
    },
    ribSpacing: rangeParam(P.ribSpacing, 'Vertical spacing of consecutive posterior ribs'),
    ribHalfThickness: { value: P.ribHalfThickness, unit: 'normalised', description: 'Half-thickness of a rib band', source: 'Design choice' },
    densities: {
      value: [P.air, P.softTissue],
      description: 'Display intensity of air outside the body and of soft tissue, before gain/offset',
      source: 'Design choice',
    },
    lungDarkness: rangeParam(P.lungDarkness, 'Intensity drop of aerated lung relative to soft tissue', 'intensity'),
    gain: rangeParam(P.gain, 'Global contrast (window) variation', '1'),
    offset: rangeParam(P.offset, 'Global brightness (level) variation', 'intensity'),
    noduleRadius: rangeParam(P.noduleRadiusPx, 'Nodule radius (mask = disc of this radius)', 'px'),
    noduleContrast: rangeParam(P.noduleContrast, 'Nodule peak intensity above the lung (profile (1 − (r/R)²)^1.5)', 'intensity'),
    effusionHeight: rangeParam(P.effusionHeight, 'Fluid height at the lateral wall as a fraction of lung height (meniscus: 45 % of it medially)', 'fraction'),
    effusionSide: {
      value: [0.45, 0.35, 0.2],
      description: 'Probability of a right / left / bilateral effusion when the label is present',
      source: 'Design choice',
    },
    noise: {
      value: [P.noiseSd, P.whiteNoiseSd],
      unit: 'intensity',
      description: 'SD of correlated noise (white Gaussian blurred with σ = 1 px) and of white noise',
      source: 'Design choice',
    },
  },
  references: [
    'Danzer CS. The cardiothoracic ratio: an index of cardiac enlargement. Am J Med Sci 157:513–521, 1919.',
    'Blackmore CC, Black WC, Dallas RV, Crow HC. Pleural fluid volume estimation: a chest radiograph prediction rule. Acad Radiol 3(2):103–109, 1996.',
    'Samei E, Flynn MJ, Eyler WR. Detection of subtle lung nodules: relative influence of quantum and anatomic noise on chest radiographs. Radiology 213(3):727–734, 1999.',
  ],
};
