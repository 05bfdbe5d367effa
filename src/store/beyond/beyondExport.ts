import { encodeNpyFloat32 } from '../../io/npy';
import type { AppState } from '../types';
import { measureOnImage } from './beyondSlice';

/**
 * The fields beyond the point iFIM that an exported result.json carries, named as `ifim analyze`
 * writes them (docs/cli.md): `roi` (of the selected ROI, when its region analysis belongs to this
 * analysis), `validityRadius`, `neighbourhood`; plus the drawn `annotations` with their statistics
 * and, when a comparison was run, `compare` as compare.json holds it.
 */
export function beyondResultFields(s: AppState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const region = s.regionFisher;
  if (region && region.key === s.analysisKey) {
    const r = region.result;
    out.roi = {
      source: `annotation ${region.annotationId}`,
      annotation: s.annotations.find((a) => a.id === region.annotationId)?.shape ?? null,
      insideValues: r.insideValues,
      insideFraction: r.insideFraction,
      eigenvalues: Array.from(r.eigenvalues),
      rank: r.rank,
      traceFisher: r.traceFisher,
      traceShare: r.traceShare,
      energyInRoi: Array.from(r.energyInRoi),
    };
  }
  if (s.validityRadius) out.validityRadius = { ...s.validityRadius, epsilon: [...s.validityRadius.epsilon], status: [...s.validityRadius.status], ratioAtRadius: [...s.validityRadius.ratioAtRadius] };
  if (s.neighbourhood) out.neighbourhood = { ...s.neighbourhood, eigenvalues: [...s.neighbourhood.eigenvalues] };
  if (s.annotations.length > 0 && s.image) {
    const image = s.image;
    out.annotations = s.annotations.map((a) => ({ id: a.id, ...(a.label ? { label: a.label } : {}), shape: a.shape, statistics: measureOnImage(a, image) }));
  }
  if (s.compare) {
    // compare.json's fields; the arrays the side-by-side view draws stay on the page.
    const { display: _display, ...compare } = s.compare;
    out.compare = compare;
  }
  return out;
}

/** The selected ROI's region analysis when it belongs to the current analysis, else null. */
function currentRegion(s: AppState) {
  const region = s.regionFisher;
  return region && region.key === s.analysisKey && s.payload ? region : null;
}

/**
 * The arrays `ifim analyze --roi` writes beside result.json, for the viewer's zip export:
 * roi-mask.npy (the 0/1 mask in model space, input.npy's layout) and roi-eigenvectors.npy
 * (modeCount × H × W × C), with the names result.json's `files` gives them.
 */
export function beyondNpyFiles(s: AppState): { readonly fileNames: Record<string, string>; readonly files: Record<string, Uint8Array> } {
  const region = currentRegion(s);
  if (!region) return { fileNames: {}, files: {} };
  const [h, w, ch] = s.payload!.inputShape;
  const r = region.result;
  return {
    fileNames: { roiMask: 'roi-mask.npy', roiEigenvectors: 'roi-eigenvectors.npy' },
    files: {
      'roi-mask.npy': encodeNpyFloat32(Float32Array.from(region.maskModelSpace), [h, w, ch]),
      'roi-eigenvectors.npy': encodeNpyFloat32(r.eigenvectors, [r.modeCount, h, w, ch]),
    },
  };
}
