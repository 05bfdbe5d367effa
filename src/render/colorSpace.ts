/**
 * sRGB ↔ CIELAB (D65), for building colour maps with controlled lightness. Formulas: IEC 61966-2-1
 * (sRGB transfer curve) and CIE 15 (L*a*b*).
 */
export type Rgb8 = readonly [number, number, number];
export type Lab = readonly [number, number, number];

const WHITE_X = 0.95047;
const WHITE_Z = 1.08883;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

function toLinear(byte: number): number {
  const c = byte / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function fromLinear(c: number): number {
  const s = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.min(255, Math.max(0, Math.round(s * 255)));
}

export function hexToRgb(hex: string): Rgb8 {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

export function rgbToLab([r8, g8, b8]: Rgb8): Lab {
  const r = toLinear(r8);
  const g = toLinear(g8);
  const b = toLinear(b8);
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE_X;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE_Z;
  const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIELAB → 8-bit sRGB, clipped to the gamut. */
export function labToRgb([l, a, bStar]: Lab): Rgb8 {
  const fy = (l + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - bStar / 200;
  const inv = (f: number): number => (f ** 3 > EPSILON ? f ** 3 : (116 * f - 16) / KAPPA);
  const x = inv(fx) * WHITE_X;
  const y = l > KAPPA * EPSILON ? fy ** 3 : l / KAPPA;
  const z = inv(fz) * WHITE_Z;
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return [fromLinear(r), fromLinear(g), fromLinear(b)];
}

/** CIE L* of an 8-bit sRGB colour (0 black … 100 white). */
export function lightness(rgb: Rgb8): number {
  return rgbToLab(rgb)[0];
}
