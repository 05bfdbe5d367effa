import { seededRng } from '../perturbation/seededRng';

/**
 * Deterministic random numbers for tests: the perturbation study's mulberry32 uniforms, with
 * single-draw Box–Muller normals (no cached spare), which the tests' fixed data were drawn with.
 */
export function seededRandom(seed: number): { uniform: () => number; normal: () => number } {
  const { uniform } = seededRng(seed);
  const normal = (): number => {
    const u = Math.max(uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

export function randomArray(length: number, seed: number, scale = 1): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length }, () => scale * rng.normal());
}
