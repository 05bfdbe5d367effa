/**
 * Test-fixture encoder: DICOM RLE Lossless (PS3.5 Annex G) — one PackBits segment per byte plane,
 * most significant byte first, for each sample in turn.
 */

/** PackBits (G.3.1): runs of 2–128 equal bytes as repeats, the rest as literals of ≤ 128 bytes. */
function packBits(plane: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < plane.length) {
    let run = 1;
    while (i + run < plane.length && run < 128 && plane[i + run] === plane[i]) run++;
    if (run >= 2) {
      out.push((257 - run) & 255, plane[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < plane.length && i - start < 128 && !(i + 1 < plane.length && plane[i + 1] === plane[i])) i++;
    if (i === start) i++;
    out.push(i - start - 1, ...plane.subarray(start, i));
  }
  if (out.length % 2 === 1) out.push(0x80); // pad to even with a no-op
  return out;
}

/** `samples` are interleaved unsigned bit patterns of `bytesPerSample` bytes. */
export function encodeRleFrame(samples: ArrayLike<number>, pixels: number, components: number, bytesPerSample: number): Uint8Array {
  const segments: number[][] = [];
  for (let c = 0; c < components; c++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = Math.floor(samples[p * components + c] / 2 ** (8 * b)) & 255;
      segments.push(packBits(plane));
    }
  }
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => {
    view.setUint32(4 + i * 4, offset, true);
    offset += s.length;
  });
  const out = new Uint8Array(offset);
  out.set(header, 0);
  let at = 64;
  for (const s of segments) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}
