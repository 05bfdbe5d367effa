import { complementaryComponent, highSensitivityComponent } from '../core/projections';
import { matrixF64, matrixToNestedArrays } from '../core/types';
import { encodeNpyFloat32 } from '../io/npy';
import type { AnalysisPayload, ModelSummary } from '../worker/protocol';
import type { VolumeSliceState } from './volume/volumeView';

/**
 * The analysis as the command line writes it (`ifim analyze`, src/cli/commands/analyze.ts;
 * docs/cli.md lists the fields), built from the page's payload so that a result exported from the
 * viewer and one written by the CLI read the same in Python. The viewer does not keep the
 * Jacobian (C×N floats it never shows), so `files` names no jacobian.npy.
 */
export interface ResultJsonContext {
  readonly model: Pick<ModelSummary, 'id' | 'title' | 'classes' | 'head' | 'inputShape' | 'logitSource' | 'notice'>;
  readonly image: {
    readonly source: string;
    readonly width: number;
    readonly height: number;
    readonly channels: number;
    readonly bitDepth: number;
    /** Volumes: the analysed slice, as `ifim analyze --slice K --axis PLANE` writes it. */
    readonly slice?: VolumeSliceState;
  };
  readonly backend: string;
  /** Leading modes in x_high.npy (clamped to the modes kept). */
  readonly k: number;
}

export interface AnalysisResultJson {
  readonly model: { id: string; title: string; classes: string[]; head: string; inputShape: number[]; logitSource: string; notice: string | null };
  readonly image: ResultJsonContext['image'];
  readonly backend: string;
  readonly logits: number[];
  readonly probabilities: number[];
  readonly logitGram: number[][];
  readonly fisherGram: number[][];
  readonly eigenvalues: number[];
  readonly gramEigenvectors: number[][];
  readonly rank: number;
  readonly traceFisher: number;
  readonly modesKept: number;
  readonly k: number;
  readonly projectionCoefficients: number[];
  readonly modeClassWeights: number[][];
  readonly warnings: { code: string; message: string }[];
  readonly timingsMs: AnalysisPayload['timingsMs'];
  readonly files: { input: string; eigenvectors: string; xHigh: string; xLow: string };
}

export const EXPORT_FILES = { input: 'input.npy', eigenvectors: 'eigenvectors.npy', xHigh: 'x_high.npy', xLow: 'x_low.npy' } as const;

export function analysisResultJson(payload: AnalysisPayload, context: ResultJsonContext): AnalysisResultJson {
  const c = payload.classes.length;
  const r = payload.modeCount;
  const m = context.model;
  return {
    model: { id: m.id, title: m.title, classes: [...m.classes], head: m.head, inputShape: [...m.inputShape], logitSource: m.logitSource, notice: m.notice },
    image: { ...context.image },
    backend: context.backend,
    logits: Array.from(payload.logits),
    probabilities: Array.from(payload.probabilities),
    logitGram: matrixToNestedArrays(matrixF64(c, c, payload.logitGram)),
    fisherGram: matrixToNestedArrays(matrixF64(c, c, payload.fisherGram)),
    eigenvalues: Array.from(payload.eigenvalues),
    gramEigenvectors: matrixToNestedArrays(matrixF64(c, c, payload.gramEigenvectors)),
    rank: payload.rank,
    traceFisher: payload.traceFisher,
    modesKept: r,
    k: clampK(context.k, r),
    projectionCoefficients: Array.from(payload.coefficients),
    modeClassWeights: matrixToNestedArrays(matrixF64(r, c, payload.modeClassWeights)),
    warnings: (payload.warnings ?? []).map((w) => ({ code: w.code, message: w.message })),
    timingsMs: { ...payload.timingsMs },
    files: { ...EXPORT_FILES },
  };
}

/** The NumPy arrays beside result.json, shaped as the CLI writes them: (H,W,Ch) and (R,H,W,Ch). */
export function analysisNpyFiles(payload: AnalysisPayload, k: number): Record<(typeof EXPORT_FILES)[keyof typeof EXPORT_FILES], Uint8Array> {
  const [h, w, ch] = payload.inputShape;
  const n = h * w * ch;
  const r = payload.modeCount;
  const high = highSensitivityComponent(payload.imageEigenvectors, payload.coefficients, clampK(k, r), n);
  const low = complementaryComponent(payload.xModelSpace, high);
  return {
    [EXPORT_FILES.input]: encodeNpyFloat32(payload.xModelSpace, [h, w, ch]),
    [EXPORT_FILES.eigenvectors]: encodeNpyFloat32(payload.imageEigenvectors.subarray(0, r * n), [r, h, w, ch]),
    [EXPORT_FILES.xHigh]: encodeNpyFloat32(high, [h, w, ch]),
    [EXPORT_FILES.xLow]: encodeNpyFloat32(low, [h, w, ch]),
  } as Record<(typeof EXPORT_FILES)[keyof typeof EXPORT_FILES], Uint8Array>;
}

function clampK(k: number, modes: number): number {
  return Math.max(0, Math.min(Number.isInteger(k) ? k : 0, modes));
}
