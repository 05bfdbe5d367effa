import { describe, expect, it } from 'vitest';
import { HISTO_PARAMS } from './histo';
import { generateSample } from './index';

function channelMeans(image: Float32Array, mask?: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < image.length / 3; p++) {
    if (mask && !mask[p]) continue;
    for (let c = 0; c < 3; c++) sum[c] += image[3 * p + c];
    n++;
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

describe('histo', () => {
  it('is RGB with H&E colours: pink stroma, blue-purple nuclei', () => {
    for (let i = 0; i < 10; i++) {
      const s = generateSample('histo', 61, i, { label: 1 });
      expect(s.channels).toBe(3);
      const [r, g, b] = channelMeans(s.image);
      expect(r).toBeGreaterThan(g + 0.15); // eosin absorbs green most
      expect(b).toBeGreaterThan(g);
      const [nr, ng, nb] = channelMeans(s.image, s.signalMask);
      expect(nb).toBeGreaterThan(nr); // haematoxylin absorbs red/green more than blue
      expect(nr + ng + nb).toBeLessThan(r + g + b - 0.3); // nuclei are darker
    }
  });

  it('atypical samples have 4–7 enlarged nuclei; normal samples none', () => {
    for (let i = 0; i < 30; i++) {
      const s = generateSample('histo', 62, i);
      if (s.head !== 'softmax') throw new Error('softmax expected');
      expect(s.details.nucleusCount).toBeGreaterThanOrEqual(HISTO_PARAMS.nuclei[0] - 2);
      if (s.label === 0) {
        expect(s.details.atypicalCount).toBe(0);
        expect(s.signalMask.every((v) => v === 0)).toBe(true);
        continue;
      }
      const k = s.details.atypicalCount;
      expect(k).toBeGreaterThanOrEqual(HISTO_PARAMS.atypicalCount[0]);
      expect(k).toBeLessThanOrEqual(HISTO_PARAMS.atypicalCount[1]);
      expect(s.signalCentres.length).toBe(k);
      let area = 0;
      for (const v of s.signalMask) area += v;
      // A normal nucleus covers ≈ π·2.5² ≈ 20 px; atypical ones are ≥ 1.55× larger in radius.
      expect(area / k).toBeGreaterThan(40);
    }
  });

  it('the tissue layout is identical for both classes (only nuclear morphology differs)', () => {
    const normal = generateSample('histo', 63, 4, { label: 0 });
    const atypical = generateSample('histo', 63, 4, { label: 1 });
    let maxOutside = 0;
    // Away from the atypical nuclei (dilated by 2 px for the optical blur) the images agree.
    const mask = atypical.signalMask;
    for (let p = 0; p < mask.length; p++) {
      const r = Math.floor(p / 64);
      const c = p % 64;
      let near = false;
      for (let dr = -2; dr <= 2 && !near; dr++)
        for (let dc = -2; dc <= 2 && !near; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < 64 && cc >= 0 && cc < 64 && mask[rr * 64 + cc]) near = true;
        }
      if (near) continue;
      for (let ch = 0; ch < 3; ch++) maxOutside = Math.max(maxOutside, Math.abs(normal.image[3 * p + ch] - atypical.image[3 * p + ch]));
    }
    expect(maxOutside).toBeLessThan(0.02);
  });
});
