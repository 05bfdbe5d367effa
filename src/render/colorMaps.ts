import type { Lab, Rgb8 } from './colorSpace';
import { hexToRgb, labToRgb, rgbToLab } from './colorSpace';

/**
 * The diverging colour map for signed fields (eigenvectors): blue for negative, near-white at
 * zero, red for positive. Anchors are ColorBrewer's RdBu (11 classes, marked colour-blind safe by
 * ColorBrewer), negative side blue as in most sensitivity plots. Two changes make it honest for
 * signed data: the L* of each mirrored pair of anchors is set to the pair's mean, so equal |v| has
 * equal lightness on both sides, and the colours between anchors are interpolated in CIELAB, so
 * lightness falls monotonically from the centre on each side.
 */
const RDBU_NEGATIVE_TO_POSITIVE = [
  '#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0',
  '#f7f7f7',
  '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f',
];

/** Odd, so that zero falls on one entry exactly. */
export const DIVERGING_LUT_SIZE = 257;

export interface ColorMap {
  readonly name: string;
  /** size × 3 bytes. */
  readonly lut: Uint8Array;
  readonly size: number;
}

function symmetricLightnessAnchors(hexes: readonly string[]): Lab[] {
  const labs = hexes.map((h) => rgbToLab(hexToRgb(h)));
  const last = labs.length - 1;
  return labs.map(([, a, b], i) => [(labs[i][0] + labs[last - i][0]) / 2, a, b] as const);
}

function buildLut(anchors: readonly Lab[], size: number): Uint8Array {
  const lut = new Uint8Array(size * 3);
  const segments = anchors.length - 1;
  for (let i = 0; i < size; i++) {
    const position = (i / (size - 1)) * segments;
    const s = Math.min(Math.floor(position), segments - 1);
    const f = position - s;
    const [l0, a0, b0] = anchors[s];
    const [l1, a1, b1] = anchors[s + 1];
    const rgb = labToRgb([l0 + f * (l1 - l0), a0 + f * (a1 - a0), b0 + f * (b1 - b0)]);
    lut.set(rgb, i * 3);
  }
  return lut;
}

export const DIVERGING_BLUE_RED: ColorMap = {
  name: 'blue–white–red (RdBu, symmetric lightness)',
  lut: buildLut(symmetricLightnessAnchors(RDBU_NEGATIVE_TO_POSITIVE), DIVERGING_LUT_SIZE),
  size: DIVERGING_LUT_SIZE,
};

/**
 * ColorBrewer's PuOr (11 classes, colour-blind safe), purple for negative and orange for positive:
 * the alternative for readers who find red and blue hard to tell from the image's grey, or want a
 * second map to check that a pattern is not an artefact of one palette.
 */
const PUOR_NEGATIVE_TO_POSITIVE = [
  '#2d004b', '#542788', '#8073ac', '#b2abd2', '#d8daeb',
  '#f7f7f7',
  '#fee0b6', '#fdb863', '#e08214', '#b35806', '#7f3b08',
];

export const DIVERGING_PURPLE_ORANGE: ColorMap = {
  name: 'purple–white–orange (PuOr, symmetric lightness)',
  lut: buildLut(symmetricLightnessAnchors(PUOR_NEGATIVE_TO_POSITIVE), DIVERGING_LUT_SIZE),
  size: DIVERGING_LUT_SIZE,
};

/** The diverging maps a user can pick (the URL's `cmap`), by id. */
export const DIVERGING_MAPS = { rdbu: DIVERGING_BLUE_RED, puor: DIVERGING_PURPLE_ORANGE } as const;
export type DivergingMapId = keyof typeof DIVERGING_MAPS;
export const DIVERGING_MAP_IDS = Object.keys(DIVERGING_MAPS) as DivergingMapId[];

export function isDivergingMapId(id: string): id is DivergingMapId {
  return Object.prototype.hasOwnProperty.call(DIVERGING_MAPS, id);
}

/**
 * A sequential map for magnitudes (|x_high(k)| over the image): viridis (van der Walt & Smith,
 * matplotlib), perceptually uniform and readable with every common colour-vision deficiency.
 * Ten anchors sampled from the published table, interpolated in CIELAB.
 */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

export const SEQUENTIAL_VIRIDIS: ColorMap = {
  name: 'viridis',
  lut: buildLut(VIRIDIS.map((h) => rgbToLab(hexToRgb(h))), 256),
  size: 256,
};

/** Index of a magnitude in [0, limit]: 0 → the first entry, ≥ limit → the last. */
export function sequentialIndex(value: number, limit: number, size: number): number {
  if (!(limit > 0) || !Number.isFinite(value)) return 0;
  const t = Math.max(0, Math.min(1, value / limit));
  return Math.round(t * (size - 1));
}

/** Index of a value in a symmetric range [−limit, limit]: 0 → centre, ±limit → the ends, clamped. */
export function divergingIndex(value: number, limit: number, size: number): number {
  const centre = (size - 1) / 2;
  if (!(limit > 0) || !Number.isFinite(value)) return centre;
  const t = Math.max(-1, Math.min(1, value / limit));
  // Round the magnitude, not the position, so that v and −v land on mirrored entries.
  return centre + Math.sign(t) * Math.round(Math.abs(t) * centre);
}

export function colorAt(map: ColorMap, index: number): Rgb8 {
  const i = Math.max(0, Math.min(map.size - 1, index)) * 3;
  return [map.lut[i], map.lut[i + 1], map.lut[i + 2]];
}

/** The colour of a value in [−limit, limit]. */
export function divergingColor(value: number, limit: number, map: ColorMap = DIVERGING_BLUE_RED): Rgb8 {
  return colorAt(map, divergingIndex(value, limit, map.size));
}
