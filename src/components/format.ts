/** Number formatting shared by the lists: eigenvalues span many decades, so scientific notation. */
export function formatScientific(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return value.toExponential(digits - 1).replace('e+', 'e');
}

export function formatPercent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)} %`;
}

/** A share of a total (0…1) as a percentage with two significant digits (0.031 %, 98 %). */
export function formatShare(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const pct = value * 100;
  return `${pct >= 10 ? pct.toFixed(1) : Number(pct.toPrecision(2)).toString()} %`;
}

export function formatMs(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function formatRange(low: number, high: number): string {
  const f = (v: number): string => (Math.abs(v) >= 1e-2 && Math.abs(v) < 1e4) || v === 0 ? v.toFixed(3) : formatScientific(v);
  return `${f(low)} … ${f(high)}`;
}

/**
 * A sample's ground truth in a few words. The sample scripts write records with `className`
 * (one label) or `classNames` (multi-label, empty for no finding); a plain string is shown as is.
 */
export function describeGroundTruth(groundTruth: unknown): string | null {
  if (groundTruth == null) return null;
  if (typeof groundTruth === 'string' || typeof groundTruth === 'number') return String(groundTruth);
  if (typeof groundTruth !== 'object') return null;
  const g = groundTruth as { className?: unknown; classNames?: unknown; label?: unknown };
  if (typeof g.className === 'string') return g.className;
  if (Array.isArray(g.classNames)) return g.classNames.length ? g.classNames.join(', ') : 'no finding';
  if (typeof g.label === 'number') return `class ${g.label}`;
  return null;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

/** 12 → "₁₂", for v₁₂ and λ₁₂. */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}

/** A value for the pixel readout: few digits, scientific when tiny or huge. */
export function formatValue(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e5) return Number(value.toPrecision(digits)).toString();
  return value.toExponential(digits - 1).replace('e+', 'e');
}
