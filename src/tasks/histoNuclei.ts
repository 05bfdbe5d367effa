/**
 * `histo` nuclei: placing normal nuclei with a minimum spacing (background stream) and drawing the
 * atypical nucleus that may replace each of them (signal stream). Geometry and stain only; the
 * pixels are drawn by ./histoStain.
 */
import type { Rng } from './random';
import { HISTO_PARAMS, SIZE } from './histoParams';

const P = HISTO_PARAMS;

export interface Nucleus {
  row: number;
  col: number;
  radius: number;
  aspect: number;
  cos: number;
  sin: number;
  haem: number;
  /** Harmonic amplitudes (k = 2, 3, 4) and phase unit vectors; zero for normal nuclei. */
  harm: [number, number, number];
  phase: [number, number][];
  chromatin: number;
  margination: number;
  nucleolus: number;
  nucleolusRow: number;
  nucleolusCol: number;
}

function drawNormalNucleus(rng: Rng, row: number, col: number, stainH: number): Nucleus {
  const [c, s] = rng.unitVector();
  return {
    row,
    col,
    radius: rng.range(P.normalRadius[0], P.normalRadius[1]),
    aspect: rng.range(P.normalAspect[0], P.normalAspect[1]),
    cos: c,
    sin: s,
    haem: stainH * rng.range(P.normalHaematoxylin[0], P.normalHaematoxylin[1]),
    harm: [0, 0, 0],
    phase: [
      [1, 0],
      [1, 0],
      [1, 0],
    ],
    chromatin: 0.08,
    margination: 0,
    nucleolus: 0,
    nucleolusRow: row,
    nucleolusCol: col,
  };
}

/** The atypical version of nucleus n (same centre), drawn from the signal stream. */
function makeAtypical(rng: Rng, n: Nucleus): Nucleus {
  const [c, s] = rng.unitVector();
  const scale = rng.range(P.atypicalScale[0], P.atypicalScale[1]);
  const harm: [number, number, number] = [
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]),
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]),
    rng.range(P.atypicalHarmonic[0], P.atypicalHarmonic[1]) * 0.7,
  ];
  const phase = [rng.unitVector(), rng.unitVector(), rng.unitVector()];
  const radius = n.radius * scale;
  const [nc, ns] = rng.unitVector();
  const off = rng.range(0, 0.35) * radius;
  return {
    row: n.row,
    col: n.col,
    radius,
    aspect: rng.range(P.atypicalAspect[0], P.atypicalAspect[1]),
    cos: c,
    sin: s,
    haem: n.haem * rng.range(P.atypicalHyperchromasia[0], P.atypicalHyperchromasia[1]),
    harm,
    phase,
    chromatin: rng.range(0.22, 0.32),
    margination: rng.range(0.15, 0.3),
    nucleolus: rng.range(0.5, 0.8),
    nucleolusRow: n.row + off * ns,
    nucleolusCol: n.col + off * nc,
  };
}

/** Normal nuclei at random positions at least P.minSpacing apart, drawn from the background stream. */
export function placeNuclei(bg: Rng, stainH: number): Nucleus[] {
  const target = bg.intRange(P.nuclei[0], P.nuclei[1]);
  const nuclei: Nucleus[] = [];
  for (let attempt = 0; attempt < 400 && nuclei.length < target; attempt++) {
    const row = bg.range(2, SIZE - 2);
    const col = bg.range(2, SIZE - 2);
    let ok = true;
    for (const n of nuclei) {
      const dr = n.row - row;
      const dc = n.col - col;
      if (dr * dr + dc * dc < P.minSpacing * P.minSpacing) {
        ok = false;
        break;
      }
    }
    if (ok) nuclei.push(drawNormalNucleus(bg, row, col, stainH));
  }
  return nuclei;
}

/** Which nuclei an atypical sample replaces, and the atypical version of every nucleus (signal stream). */
export interface Atypia {
  readonly nAtypical: number;
  readonly chosen: ReadonlySet<number>;
  readonly atypical: Nucleus[];
}

/** Draws the atypia from the signal stream, always in full so the streams do not depend on the label. */
export function drawAtypia(sig: Rng, nuclei: readonly Nucleus[]): Atypia {
  const nAtypical = Math.min(nuclei.length, sig.intRange(P.atypicalCount[0], P.atypicalCount[1]));
  const order = nuclei.map((_, k) => k);
  for (let k = 0; k < nAtypical; k++) {
    const j = k + sig.int(order.length - k);
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  const chosen = new Set(order.slice(0, nAtypical));
  const atypical = nuclei.map((n) => makeAtypical(sig, n));
  return { nAtypical, chosen, atypical };
}
