import type { UnitImage } from '../core/preprocess';
import type { ViewingChange } from '../core/viewingChange';

/**
 * The analyses beyond the paper's point iFIM (docs/method.md), as worker requests on the last
 * analysed image: region-restricted Fisher of a drawn ROI, validity radii along the modes,
 * neighbourhood-averaged Fisher, and the principal angles against a second image or a changed
 * viewing pipeline. Field names follow the CLI's result.json / compare.json.
 */
export interface RegionFisherRequest {
  /** N values in the layout of x (model space), 1 inside the region (core/roi roiToModelMask). */
  readonly maskModelSpace: Uint8Array;
}

export interface RegionFisherPayload {
  readonly insideValues: number;
  readonly insideFraction: number;
  /** All C eigenvalues of F_M, descending. */
  readonly eigenvalues: Float64Array;
  readonly rank: number;
  readonly traceFisher: number;
  /** tr F_M / tr F. */
  readonly traceShare: number;
  /** ‖P_M v_i‖² per full-image mode, in mode order. */
  readonly energyInRoi: Float64Array;
  /** The region's leading eigenvector (N values, zero outside M), or null when F_M = 0. */
  readonly leadingEigenvector: Float32Array | null;
  /** Every kept region eigenvector (modeCount × N, the CLI's roi-eigenvectors.npy). */
  readonly eigenvectors: Float32Array;
  readonly modeCount: number;
}

export interface ValidityRadiusRequest {
  /** Search at most this many modes (default the CLI's 32). */
  readonly maxModes?: number;
}

export interface ValidityRadiusPayload {
  readonly tolerance: number;
  /** Per mode: the largest ε (L2, model space) at which KL stays within 20% of ½ε²λ, or null. */
  readonly epsilon: readonly (number | null)[];
  readonly status: readonly string[];
  readonly ratioAtRadius: readonly (number | null)[];
  readonly forwardPasses: number;
}

export interface NeighbourhoodRequest {
  readonly samples: number;
  readonly sigma: number;
  readonly seed: number;
}

export interface NeighbourhoodPayload {
  readonly M: number;
  readonly sigma: number;
  readonly seed: number;
  readonly eigenvalues: readonly number[];
  readonly rank: number;
  readonly traceFisher: number;
}

export interface CompareRequest {
  /** B's image in display space; absent: the last analysed image (with the changes below). */
  readonly imageB?: UnitImage;
  readonly imageBName?: string;
  readonly change: ViewingChange;
  /** σ of seeded Gaussian noise added to B's model input. */
  readonly noiseSigma?: number;
  readonly seed: number;
  /** Leading modes compared (default min of both ranks). */
  readonly topK?: number;
  /** Two models on one image: B is analysed with this model (its model.json URL), as `ifim compare --model-b`. */
  readonly modelB?: { readonly modelJsonUrl: string; readonly id: string };
}

/** What the compare view draws of A and B side by side (model space, the layout of x); not in compare.json. */
export interface CompareDisplay {
  readonly inputShape: readonly [number, number, number];
  readonly xModelSpaceA: Float32Array;
  readonly xModelSpaceB: Float32Array;
  /** v_1 of A and of B, or null where the model is insensitive (no mode). */
  readonly leadingA: Float32Array | null;
  readonly leadingB: Float32Array | null;
}

/** As compare.json (ifim compare). */
export interface ComparePayload {
  readonly a: { readonly model: string; readonly probabilities: readonly number[]; readonly eigenvalues: readonly number[]; readonly rank: number };
  readonly b: {
    readonly model: string;
    readonly image: string;
    readonly probabilities: readonly number[];
    readonly eigenvalues: readonly number[];
    readonly rank: number;
    readonly change: { readonly noiseSigma: number | null; readonly seed: number | null; readonly window: ViewingChange['window'] | null; readonly scale: number | null };
  };
  readonly inputDistanceL2: number;
  readonly k: number;
  readonly anglesDegrees: readonly number[];
  readonly cosines: readonly number[];
  readonly display?: CompareDisplay;
}

export interface BeyondPointApi {
  regionFisher(request: RegionFisherRequest): Promise<RegionFisherPayload>;
  validityRadii(request: ValidityRadiusRequest): Promise<ValidityRadiusPayload>;
  neighbourhoodFisher(request: NeighbourhoodRequest): Promise<NeighbourhoodPayload>;
  compareSubspaces(request: CompareRequest): Promise<ComparePayload>;
}
