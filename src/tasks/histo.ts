/**
 * `histo`: an H&E-stained-tissue-like phantom (RGB, 64×64): normal vs atypical nuclei.
 *
 * Colour model: Beer–Lambert optical density with the haematoxylin and eosin stain vectors of
 * Ruifrok & Johnston 2001 (colour deconvolution): OD_c = C_H·h_c + C_E·e_c + OD_0 for c ∈ {R, G, B},
 * intensity I_c = I_0·10^(−OD_c). Eosin (pink) stains the stroma and cytoplasm, haematoxylin
 * (purple-blue) the nuclear chromatin.
 *
 * Tissue: an eosin concentration field (smooth random variation), eosinophilic collagen fibres
 * (random quadratic Bézier curves), a few pale clear spaces, and 11–16 nuclei placed with a
 * minimum spacing. Normal nuclei are small (radius 2.1–2.9 px), round to slightly oval, with evenly
 * dispersed chromatin. In an `atypical` sample 4–7 of the nuclei (chosen at random) are replaced by
 * atypical nuclei showing the cytological features of malignancy used in grading systems (nuclear
 * pleomorphism in Elston & Ellis 1991; WHO): enlargement (×1.55–2.2), irregular contours (random
 * low-order harmonic boundary perturbations), hyperchromasia (×1.45–1.9 haematoxylin), coarse and
 * marginated chromatin, a prominent nucleolus, and more variable size and shape. The tissue
 * layout (stroma, fibres, nucleus positions) comes from the background stream and is the same for
 * both classes, so the class is carried by nuclear morphology alone.
 * signalMask = the atypical nuclei (empty for `normal`).
 *
 * Modules: ./histoParams (size, stain vectors, parameter ranges), ./histoMeta (task metadata),
 * ./histoNuclei (nucleus placement and atypia), ./histoStain (stain maps and colour). This module
 * is the public entry point and runs one sample.
 */
import { Rng, Stream } from './random';
import { HISTO_PARAMS, N } from './histoParams';
import { histoMeta } from './histoMeta';
import { drawAtypia, placeNuclei } from './histoNuclei';
import { drawChromatin, drawStroma, renderNucleus, writeStainedImage } from './histoStain';
import type { RenderResult, ResolvedOptions, SignalCentre, TaskDefinition } from './types';

export { HISTO_PARAMS, STAIN_E, STAIN_H } from './histoParams';
export { histoMeta } from './histoMeta';

const P = HISTO_PARAMS;

function renderHisto(seed: number, index: number, options: ResolvedOptions, out: Float32Array, offset: number): RenderResult {
  const bg = Rng.forSample('histo', seed, index, Stream.background);
  const sig = Rng.forSample('histo', seed, index, Stream.signal);
  const noise = Rng.forSample('histo', seed, index, Stream.noise);

  const stainH = bg.range(P.stainVariation[0], P.stainVariation[1]);
  const stainE = bg.range(P.stainVariation[0], P.stainVariation[1]);
  const eosinMean = bg.range(P.eosin[0], P.eosin[1]);

  // Stroma (eosin field, collagen fibres, clear spaces), then the chromatin texture shared by all nuclei.
  const nFibres = drawStroma(bg, stainE, eosinMean);
  drawChromatin(bg);

  // Nuclei: positions with minimum spacing (background stream: identical for both classes).
  const nuclei = placeNuclei(bg, stainH);

  // Atypia (signal stream, always drawn so the streams do not depend on the label).
  const { nAtypical, chosen, atypical } = drawAtypia(sig, nuclei);

  const isAtypical = options.label === 1;
  const signalMask = new Uint8Array(N);
  const signalCentres: SignalCentre[] = [];
  for (let k = 0; k < nuclei.length; k++) {
    const replaced = isAtypical && chosen.has(k);
    if (!replaced) renderNucleus(nuclei[k], null, true);
    else {
      renderNucleus(atypical[k], signalMask, options.withSignal);
      if (!options.withSignal) renderNucleus(nuclei[k], null, true);
      signalCentres.push({ row: nuclei[k].row, col: nuclei[k].col });
    }
  }

  // Slight optical blur, then Beer–Lambert colour and noise.
  writeStainedImage(noise, out, offset);
  return {
    signalMask,
    signalCentres,
    details: { nucleusCount: nuclei.length, atypicalCount: isAtypical ? nAtypical : 0, fibreCount: nFibres },
  };
}

export const histo: TaskDefinition = { meta: histoMeta, render: renderHisto };
