import { execFileSync } from 'node:child_process';

/**
 * Test-fixture support: JPEG streams from libjpeg-turbo's own cjpeg (Debian libjpeg-turbo-progs),
 * for the kinds the wasm encoder cannot write: progressive (SOF2), RGB with the Adobe APP14
 * "no transform" marker, odd sizes with 4:2:0 chroma. Used by scripts/make-image-fixtures.ts only.
 */
export function cjpeg(samples: Uint8Array, width: number, height: number, components: 1 | 3, args: readonly string[]): Uint8Array {
  // Binary PNM on stdin (P5 gray, P6 RGB), JPEG on stdout.
  const header = new TextEncoder().encode(`${components === 3 ? 'P6' : 'P5'}\n${width} ${height}\n255\n`);
  const pnm = new Uint8Array(header.length + samples.length);
  pnm.set(header, 0);
  pnm.set(samples, header.length);
  return new Uint8Array(execFileSync('cjpeg', [...args], { input: pnm, maxBuffer: 16 * 1024 * 1024 }));
}
