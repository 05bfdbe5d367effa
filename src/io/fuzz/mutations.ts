import { seededRng } from '../../core/perturbation/seededRng';
import { headerFields, withField } from './headerFields';

/**
 * Seeded mutations of a fixture, the kinds a damaged disk, a cut download or a buggy writer make.
 * Every mutant is at most the original's size plus 64 KiB, so no case can be slow for its size.
 */
export type MutationKind = 'byte-flip' | 'truncate' | 'length-inflate' | 'chunk-duplicate' | 'header-edit';

export const MUTATION_KINDS: readonly MutationKind[] = ['byte-flip', 'truncate', 'length-inflate', 'chunk-duplicate', 'header-edit'];

export interface Mutant {
  readonly kind: MutationKind;
  /** What was done, for the report of a failing case. */
  readonly description: string;
  readonly bytes: Uint8Array;
  /** True when the edit makes the header contradict the pixel data: decoding must refuse or warn. */
  readonly contradictsHeader: boolean;
}

const MAX_GROWTH = 64 * 1024;

type Rng = () => number;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

function byteFlip(bytes: Uint8Array, rng: Rng): Mutant {
  const out = bytes.slice();
  const flips = 1 + int(rng, 8);
  const where: number[] = [];
  for (let i = 0; i < flips && out.length > 0; i++) {
    const at = int(rng, out.length);
    out[at] ^= 1 << int(rng, 8);
    where.push(at);
  }
  return { kind: 'byte-flip', description: `flipped a bit at ${where.join(', ')}`, bytes: out, contradictsHeader: false };
}

function truncate(bytes: Uint8Array, rng: Rng): Mutant {
  const at = int(rng, bytes.length);
  return { kind: 'truncate', description: `cut at ${at} of ${bytes.length}`, bytes: bytes.slice(0, at), contradictsHeader: false };
}

/** A 2- or 4-byte field (either byte order) set to a large value: chunk, element and segment lengths. */
function lengthInflate(bytes: Uint8Array, rng: Rng): Mutant {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const wide = rng() < 0.6;
  const size = wide ? 4 : 2;
  if (out.length < size) return byteFlip(bytes, rng);
  const at = int(rng, out.length - size + 1);
  const little = rng() < 0.5;
  const values = wide ? [0x7fffffff, 0xffffffff, 0x01000000, 0x00100000] : [0xffff, 0x7fff, 0x8000];
  const value = values[int(rng, values.length)];
  if (wide) view.setUint32(at, value, little);
  else view.setUint16(at, value, little);
  return { kind: 'length-inflate', description: `set ${size} bytes at ${at} to ${value} (${little ? 'LE' : 'BE'})`, bytes: out, contradictsHeader: false };
}

function chunkDuplicate(bytes: Uint8Array, rng: Rng): Mutant {
  const start = int(rng, bytes.length);
  const length = Math.min(1 + int(rng, Math.max(1, bytes.length - start)), MAX_GROWTH);
  const insertAt = int(rng, bytes.length + 1);
  const chunk = bytes.subarray(start, start + length);
  const out = new Uint8Array(bytes.length + chunk.length);
  out.set(bytes.subarray(0, insertAt), 0);
  out.set(chunk, insertAt);
  out.set(bytes.subarray(insertAt), insertAt + chunk.length);
  return { kind: 'chunk-duplicate', description: `copied ${chunk.length} bytes from ${start} to ${insertAt}`, bytes: out, contradictsHeader: false };
}

function headerEdit(bytes: Uint8Array, rng: Rng): Mutant {
  const fields = headerFields(bytes);
  if (fields.length === 0) return byteFlip(bytes, rng);
  const field = fields[int(rng, fields.length)];
  const v = field.value;
  const candidates = [0, 1, 2, v + 1, v - 1, v * 2, Math.floor(v / 2), v * 5, 15, 60000].filter((c) => c !== v && c >= 0);
  for (let tries = 0; tries < 8; tries++) {
    const value = candidates[int(rng, candidates.length)];
    const out = withField(bytes, field, value);
    if (out) return { kind: 'header-edit', description: `${field.name} ${v} → ${value}`, bytes: out, contradictsHeader: true };
  }
  return byteFlip(bytes, rng);
}

const MUTATORS: Readonly<Record<MutationKind, (bytes: Uint8Array, rng: Rng) => Mutant>> = {
  'byte-flip': byteFlip,
  truncate,
  'length-inflate': lengthInflate,
  'chunk-duplicate': chunkDuplicate,
  'header-edit': headerEdit,
};

/** The `index`-th mutant of a fixture under a seed: the same arguments give the same bytes. */
export function mutate(bytes: Uint8Array, seed: number, index: number): Mutant {
  const { uniform } = seededRng((seed * 1_000_003 + index * 7919) >>> 0);
  const kind = MUTATION_KINDS[index % MUTATION_KINDS.length];
  return MUTATORS[kind](bytes, uniform);
}
