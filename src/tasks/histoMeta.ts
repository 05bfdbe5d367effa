/** `histo` task metadata: description, classes and the documented parameters (see ./histo). */
import { HISTO_PARAMS, SIZE, STAIN_E, STAIN_H } from './histoParams';
import type { TaskMeta } from './types';

const P = HISTO_PARAMS;

export const histoMeta: TaskMeta = {
  id: 'histo',
  title: 'H&E phantom: normal vs atypical nuclei',
  description:
    'RGB (3-channel) phantom of an H&E-stained tissue section, 64×64: pink eosin stroma with collagen fibres and ' +
    'purple-blue haematoxylin nuclei. Class 0 `normal`: small, round, regular nuclei with fine chromatin. Class 1 ' +
    '`atypical`: 4–7 nuclei are enlarged, irregular in outline, hyperchromatic, with coarse chromatin and a prominent ' +
    'nucleolus, and vary more in size and shape (nuclear pleomorphism). The tissue layout is identical for both ' +
    'classes, so the class is carried by nuclear morphology alone. Mask = the atypical nuclei.',
  classes: ['normal', 'atypical'],
  head: 'softmax',
  height: SIZE,
  width: SIZE,
  channels: 3,
  parameters: {
    stainVectors: {
      value: [...STAIN_H, ...STAIN_E],
      description: 'Optical-density vectors (R, G, B) of haematoxylin, then eosin',
      source: 'Ruifrok & Johnston 2001 (Anal Quant Cytol Histol 23(4):291), H&E colour-deconvolution matrix',
    },
    colourModel: {
      value: [P.backgroundOd, P.illumination],
      description: 'I_c = I_0·10^(−(C_H·h_c + C_E·e_c + OD_0)) with background optical density OD_0 and illumination I_0',
      source: 'Beer–Lambert law as in Ruifrok & Johnston 2001; OD_0, I_0 design choices',
    },
    eosin: { value: P.eosin, description: 'Mean eosin concentration of the stroma (uniform per sample)', source: 'Design choice (pink stroma)' },
    fibres: { value: P.fibres, description: 'Number of collagen fibres (uniform integer)', source: 'Design choice' },
    stainVariation: {
      value: P.stainVariation,
      description: 'Per-sample multiplier of each stain concentration (staining-intensity variation between slides)',
      source: 'Design choice (cf. stain variability addressed by Macenko et al. 2009 normalisation)',
    },
    nuclei: { value: P.nuclei, description: 'Number of nuclei (uniform integer)', source: 'Design choice' },
    minSpacing: { value: P.minSpacing, unit: 'px', description: 'Minimum distance between nucleus centres', source: 'Design choice' },
    normalRadius: { value: P.normalRadius, unit: 'px', description: 'Radius of a normal nucleus (uniform)', source: 'Design choice (small round nuclei)' },
    normalAspect: { value: P.normalAspect, description: 'Axis ratio of a normal nucleus (uniform)', source: 'Design choice' },
    normalHaematoxylin: {
      value: P.normalHaematoxylin,
      description: 'Haematoxylin concentration of a normal nucleus (uniform)',
      source: 'Design choice',
    },
    atypicalCount: {
      value: P.atypicalCount,
      description: 'Number of nuclei replaced by atypical ones in an atypical sample (uniform integer)',
      source: 'Design choice',
    },
    atypicalScale: {
      value: P.atypicalScale,
      description: 'Enlargement of an atypical nucleus relative to the normal one it replaces (uniform)',
      source: 'Nuclear enlargement/pleomorphism: Elston & Ellis 1991 (Histopathology 19:403) nuclear grade; range is a design choice',
    },
    atypicalAspect: { value: P.atypicalAspect, description: 'Axis ratio of an atypical nucleus (uniform)', source: 'Design choice (shape variation)' },
    atypicalHarmonic: {
      value: P.atypicalHarmonic,
      description: 'Amplitude of each of the 2nd–4th boundary harmonics (irregular nuclear contour), uniform, random phase',
      source: 'Design choice (irregular nuclear membrane)',
    },
    atypicalHyperchromasia: {
      value: P.atypicalHyperchromasia,
      description: 'Haematoxylin multiplier of an atypical nucleus (hyperchromasia), uniform',
      source: 'Design choice',
    },
    noiseSd: { value: P.noiseSd, description: 'SD of additive white Gaussian noise per channel', source: 'Design choice' },
  },
  references: [
    'Ruifrok AC, Johnston DA. Quantification of histochemical staining by color deconvolution. Anal Quant Cytol Histol 23(4):291–299, 2001.',
    'Elston CW, Ellis IO. Pathological prognostic factors in breast cancer. I. The value of histological grade in breast cancer: experience from a large study with long-term follow-up. Histopathology 19(5):403–410, 1991.',
    'Macenko M, Niethammer M, Marron JS, et al. A method for normalizing histology slides for quantitative analysis. Proc IEEE ISBI 2009:1107–1110.',
  ],
};
