/**
 * The accurate integer inverse DCT of the IJG library (jidctint.c, "islow": Loeffler–Ligtenberg–
 * Moschytz with 13-bit fixed-point constants), which libjpeg, libjpeg-turbo and DCMTK's 12-bit
 * codec all use by default. Reproducing its arithmetic, including the 12-bit variant's reduced
 * PASS1_BITS and the range-limit table, is what makes our output match those decoders exactly
 * rather than within ±1 (float IDCTs) or with a level-shift error (decoders written for 8 bits).
 */

const CONST_BITS = 13;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

export interface IdctContext {
  readonly pass1Bits: number;
  /** IJG's post-IDCT range-limit table, indexed by (value & rangeMask): adds the level shift and clamps. */
  readonly rangeLimit: Int32Array;
  readonly rangeMask: number;
  readonly workspace: Int32Array;
}

/** Builds the context for 8- or 12-bit samples (jdmaster.c prepare_range_limit_table). */
export function createIdctContext(precision: number): IdctContext {
  const maxSample = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const size = 4 * (maxSample + 1);
  const rangeLimit = new Int32Array(size);
  // Index v (masked to 0…size−1) stands for the signed value v when v < 2(max+1), else v − size:
  // v + center for |v| < center, saturating at max above and at 0 below.
  for (let v = 0; v < size; v++) {
    if (v < center) rangeLimit[v] = v + center;
    else if (v < 2 * (maxSample + 1)) rangeLimit[v] = maxSample;
    else if (v < size - center) rangeLimit[v] = 0;
    else rangeLimit[v] = v - (size - center);
  }
  return { pass1Bits: precision === 8 ? 2 : 1, rangeLimit, rangeMask: size - 1, workspace: new Int32Array(64) };
}

/** DESCALE: divide by 2^n rounding to nearest (arithmetic shift, as in IJG's RIGHT_SHIFT). */
const descale = (x: number, n: number): number => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/**
 * Dequantises `coefficients` (natural order) with `quant` and writes the 8×8 block's samples into
 * `out` at `offset` with row stride `stride`.
 */
export function idctIslow(ctx: IdctContext, coefficients: Int32Array, quant: Int32Array, out: Uint16Array, offset: number, stride: number): void {
  const ws = ctx.workspace;
  const pass1 = ctx.pass1Bits;
  // Pass 1: columns from the input into the workspace, scaled up by 2^pass1.
  for (let col = 0; col < 8; col++) {
    const c = (row: number): number => coefficients[row * 8 + col] * quant[row * 8 + col];
    if (coefficients[8 + col] === 0 && coefficients[16 + col] === 0 && coefficients[24 + col] === 0 && coefficients[32 + col] === 0 && coefficients[40 + col] === 0 && coefficients[48 + col] === 0 && coefficients[56 + col] === 0) {
      const dc = c(0) * 2 ** pass1;
      for (let i = 0; i < 8; i++) ws[i * 8 + col] = dc;
      continue;
    }
    const [tmp10, tmp11, tmp12, tmp13] = evenPart(c(0), c(2), c(4), c(6));
    const [tmp0, tmp1, tmp2, tmp3] = oddPart(c(7), c(5), c(3), c(1));
    const n = CONST_BITS - pass1;
    ws[col] = descale(tmp10 + tmp3, n);
    ws[56 + col] = descale(tmp10 - tmp3, n);
    ws[8 + col] = descale(tmp11 + tmp2, n);
    ws[48 + col] = descale(tmp11 - tmp2, n);
    ws[16 + col] = descale(tmp12 + tmp1, n);
    ws[40 + col] = descale(tmp12 - tmp1, n);
    ws[24 + col] = descale(tmp13 + tmp0, n);
    ws[32 + col] = descale(tmp13 - tmp0, n);
  }
  // Pass 2: rows from the workspace to the output, removing 2^pass1 and the factor 8.
  const { rangeLimit, rangeMask } = ctx;
  const n = CONST_BITS + pass1 + 3;
  for (let row = 0; row < 8; row++) {
    const w = row * 8;
    const o = offset + row * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 4] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      const value = rangeLimit[descale(ws[w], pass1 + 3) & rangeMask];
      for (let i = 0; i < 8; i++) out[o + i] = value;
      continue;
    }
    const [tmp10, tmp11, tmp12, tmp13] = evenPart(ws[w], ws[w + 2], ws[w + 4], ws[w + 6]);
    const [tmp0, tmp1, tmp2, tmp3] = oddPart(ws[w + 7], ws[w + 5], ws[w + 3], ws[w + 1]);
    out[o] = rangeLimit[descale(tmp10 + tmp3, n) & rangeMask];
    out[o + 7] = rangeLimit[descale(tmp10 - tmp3, n) & rangeMask];
    out[o + 1] = rangeLimit[descale(tmp11 + tmp2, n) & rangeMask];
    out[o + 6] = rangeLimit[descale(tmp11 - tmp2, n) & rangeMask];
    out[o + 2] = rangeLimit[descale(tmp12 + tmp1, n) & rangeMask];
    out[o + 5] = rangeLimit[descale(tmp12 - tmp1, n) & rangeMask];
    out[o + 3] = rangeLimit[descale(tmp13 + tmp0, n) & rangeMask];
    out[o + 4] = rangeLimit[descale(tmp13 - tmp0, n) & rangeMask];
  }
}

/** The even part (jidctint.c): inputs y0, y2, y4, y6 → tmp10, tmp11, tmp12, tmp13; the rotator is √2·c6. */
function evenPart(y0: number, y2: number, y4: number, y6: number): [number, number, number, number] {
  const z1 = (y2 + y6) * FIX_0_541196100;
  const tmp2 = z1 + y6 * -FIX_1_847759065;
  const tmp3 = z1 + y2 * FIX_0_765366865;
  const tmp0 = (y0 + y4) * 2 ** CONST_BITS;
  const tmp1 = (y0 - y4) * 2 ** CONST_BITS;
  return [tmp0 + tmp3, tmp1 + tmp2, tmp1 - tmp2, tmp0 - tmp3];
}

/** The odd part (jidctint.c, "per figure 8"): inputs y7, y5, y3, y1 → tmp0…tmp3. */
function oddPart(t0: number, t1: number, t2: number, t3: number): [number, number, number, number] {
  let z1 = t0 + t3;
  let z2 = t1 + t2;
  let z3 = t0 + t2;
  let z4 = t1 + t3;
  const z5 = (z3 + z4) * FIX_1_175875602;
  t0 *= FIX_0_298631336;
  t1 *= FIX_2_053119869;
  t2 *= FIX_3_072711026;
  t3 *= FIX_1_501321110;
  z1 *= -FIX_0_899976223;
  z2 *= -FIX_2_562915447;
  z3 = z3 * -FIX_1_961570560 + z5;
  z4 = z4 * -FIX_0_390180644 + z5;
  return [t0 + z1 + z3, t1 + z2 + z4, t2 + z2 + z3, t3 + z1 + z4];
}
