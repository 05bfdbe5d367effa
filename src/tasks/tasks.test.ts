import { describe, expect, it } from 'vitest';
import { decodeMaskRle, encodeMaskRle, generateDataset, generateSample, getTask, isTaskId, taskIds } from './index';
import type { TaskSample } from './index';
import { blurInPlace } from './imageOps';
import { hashString } from './random';

function bytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function present(s: TaskSample): boolean {
  return s.head === 'softmax' ? s.label !== 0 : s.labels.some((v) => v === 1);
}

function meanIn(image: Float32Array, mask: Uint8Array, channels: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < channels; c++) sum += image[i * channels + c];
    n += channels;
  }
  return sum / n;
}

describe.each(taskIds)('task %s', (id) => {
  const task = getTask(id);
  const c = task.classes.length;

  it('has complete metadata', () => {
    expect(task.id).toBe(id);
    expect(task.title.length).toBeGreaterThan(0);
    expect(task.description.length).toBeGreaterThan(40);
    expect(c).toBeGreaterThanOrEqual(2);
    expect(task.references.length).toBeGreaterThan(0);
    const params = Object.entries(task.parameters);
    expect(params.length).toBeGreaterThan(4);
    for (const [, p] of params) {
      expect(p.description.length).toBeGreaterThan(0);
      expect(p.source.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(task)).classes).toEqual([...task.classes]);
  });

  it('same seed gives identical bytes; different seeds, indices and tasks differ', () => {
    const a = generateSample(id, 42, 3);
    const b = generateSample(id, 42, 3);
    expect(Buffer.from(bytes(a.image)).equals(Buffer.from(bytes(b.image)))).toBe(true);
    expect(a.signalMask).toEqual(b.signalMask);
    expect(a.signalCentres).toEqual(b.signalCentres);
    const other = generateSample(id, 43, 3);
    expect(Buffer.from(bytes(a.image)).equals(Buffer.from(bytes(other.image)))).toBe(false);
    const otherIndex = generateSample(id, 42, 3 + 2 * c);
    expect(Buffer.from(bytes(a.image)).equals(Buffer.from(bytes(otherIndex.image)))).toBe(false);
  });

  it('has the declared shape and values in [0, 1]', () => {
    for (let i = 0; i < 12; i++) {
      const s = generateSample(id, 7, i);
      expect(s.height).toBe(task.height);
      expect(s.width).toBe(task.width);
      expect(s.channels).toBe(task.channels);
      expect(s.image.length).toBe(task.height * task.width * task.channels);
      expect(s.signalMask.length).toBe(task.height * task.width);
      let min = Infinity;
      let max = -Infinity;
      for (const v of s.image) {
        if (!(v >= min)) min = v;
        if (!(v <= max)) max = v;
      }
      expect(Number.isFinite(min) && Number.isFinite(max)).toBe(true);
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(1);
      expect(max - min).toBeGreaterThan(0.05);
    }
  });

  it('covers every class, and the mask is non-empty exactly when a signal is present', () => {
    const n = task.head === 'softmax' ? 4 * c : 40;
    const seen = new Array<number>(c).fill(0);
    for (let i = 0; i < n; i++) {
      const s = generateSample(id, 11, i);
      if (s.head === 'softmax') {
        expect(s.label).toBe(i % c);
        seen[s.label]++;
      } else {
        s.labels.forEach((v, j) => (seen[j] += v));
        expect(s.labelMasks.length).toBe(c);
        s.labelMasks.forEach((m, j) => expect(m.some((v) => v === 1)).toBe(s.labels[j] === 1));
        const union = s.signalMask.map((_, p) => s.labelMasks.reduce((acc, m) => acc | m[p], 0));
        expect(s.signalMask).toEqual(union);
      }
      expect(s.signalMask.some((v) => v === 1)).toBe(present(s));
      expect(s.signalCentres.length > 0).toBe(present(s));
      for (const ctr of s.signalCentres) {
        expect(ctr.row).toBeGreaterThanOrEqual(0);
        expect(ctr.row).toBeLessThan(task.height);
        expect(ctr.col).toBeGreaterThanOrEqual(0);
        expect(ctr.col).toBeLessThan(task.width);
      }
    }
    for (const k of seen) expect(k).toBeGreaterThan(0);
  });

  it('forcing the label keeps the background (signal-free samples are identical across labels)', () => {
    if (task.head === 'softmax') {
      const a = generateSample(id, 5, 10, { label: 0 });
      for (let l = 1; l < c; l++) {
        const b = generateSample(id, 5, 10, { label: l, withSignal: false });
        expect(Buffer.from(bytes(b.image)).equals(Buffer.from(bytes(a.image)))).toBe(true);
        expect(b.head === 'softmax' && b.label).toBe(l);
      }
    } else {
      const none = generateSample(id, 5, 10, { labels: new Array<number>(c).fill(0) });
      const all = generateSample(id, 5, 10, { labels: new Array<number>(c).fill(1), withSignal: false });
      expect(Buffer.from(bytes(all.image)).equals(Buffer.from(bytes(none.image)))).toBe(true);
    }
  });

  it('the signal changes the image inside the mask (with vs without, same seed)', () => {
    let diffs = 0;
    const n = 12;
    for (let i = 0; i < n; i++) {
      const opts = task.head === 'softmax' ? { label: 1 + (i % (c - 1)) } : { labels: new Array<number>(c).fill(1) };
      const withS = generateSample(id, 3, i, opts);
      const without = generateSample(id, 3, i, { ...opts, withSignal: false });
      expect(without.signalMask).toEqual(withS.signalMask);
      const inWith = meanIn(withS.image, withS.signalMask, task.channels);
      const inWithout = meanIn(without.image, withS.signalMask, task.channels);
      // Grayscale tasks: the signal is brighter (denser). Histology: atypical nuclei are darker (more haematoxylin).
      const raise = id === 'histo' ? inWithout - inWith : inWith - inWithout;
      expect(raise).toBeGreaterThan(0);
      diffs += raise;
      // Outside the (slightly dilated) mask the images agree except for blur/edge leakage.
      let outside = 0;
      let count = 0;
      for (let p = 0; p < withS.signalMask.length; p++) {
        if (withS.signalMask[p]) continue;
        for (let ch = 0; ch < task.channels; ch++) outside += Math.abs(withS.image[p * task.channels + ch] - without.image[p * task.channels + ch]);
        count += task.channels;
      }
      expect(outside / count).toBeLessThan(0.01);
    }
    expect(diffs / n).toBeGreaterThan(0.005);
  });

  it('generateDataset stacks exactly the samples of generateSample', () => {
    const n = 2 * c + 1;
    const d = generateDataset(id, 9, n, { startIndex: 4 });
    const stride = task.height * task.width * task.channels;
    expect(d.images.length).toBe(n * stride);
    expect(d.targets.length).toBe(n * c);
    for (let i = 0; i < n; i++) {
      const s = generateSample(id, 9, 4 + i);
      expect(Buffer.from(bytes(d.images.subarray(i * stride, (i + 1) * stride))).equals(Buffer.from(bytes(s.image)))).toBe(true);
      if (s.head === 'softmax') {
        expect(d.labels[i]).toBe(s.label);
        const oneHot = Array.from({ length: c }, (_, k) => (k === s.label ? 1 : 0));
        expect(Array.from(d.targets.subarray(i * c, (i + 1) * c))).toEqual(oneHot);
      } else {
        expect(Array.from(d.labels.subarray(i * c, (i + 1) * c))).toEqual(s.labels);
        expect(Array.from(d.targets.subarray(i * c, (i + 1) * c))).toEqual(s.labels);
      }
    }
  });

  it('validates options', () => {
    expect(() => generateSample(id, 1, 0, { label: c })).toThrow(RangeError);
    expect(() => generateSample(id, 1, 0, { label: -1 })).toThrow(RangeError);
    expect(() => generateSample(id, 1.5, 0)).toThrow(RangeError);
    if (task.head === 'softmax') expect(() => generateSample(id, 1, 0, { labels: [1, 0] })).toThrow(RangeError);
    else expect(() => generateSample(id, 1, 0, { labels: [2, 0, 0] })).toThrow(RangeError);
  });
});

describe('registry', () => {
  it('lists the four tasks and rejects unknown ids', () => {
    expect([...taskIds]).toEqual(['lumpy-ske', 'clb-loc', 'chest', 'histo']);
    expect(isTaskId('chest')).toBe(true);
    expect(isTaskId('mnist')).toBe(false);
    expect(() => getTask('mnist')).toThrow(RangeError);
    expect(() => generateSample('mnist', 1, 0)).toThrow(RangeError);
    expect(getTask('chest').generate(1, 0).taskId).toBe('chest');
    expect(hashString('chest')).not.toBe(hashString('histo'));
  });

  it('softmax datasets are class-balanced', () => {
    const d = generateDataset('clb-loc', 1, 50);
    const counts = new Array<number>(5).fill(0);
    for (const l of d.labels) counts[l]++;
    expect(counts).toEqual([10, 10, 10, 10, 10]);
  });
});

describe('image helpers', () => {
  it('mask RLE round-trips and follows the documented layout', () => {
    const h = 5;
    const w = 7;
    const mask = new Uint8Array(h * w);
    mask[0] = 1;
    mask[8] = 1;
    mask[9] = 1;
    mask[34] = 1;
    const rle = encodeMaskRle(mask, h, w);
    expect(rle.counts).toEqual([0, 1, 7, 2, 24, 1]);
    expect(rle.counts.reduce((a, b) => a + b, 0)).toBe(h * w);
    expect(decodeMaskRle(rle)).toEqual(mask);
    expect(encodeMaskRle(new Uint8Array(6), 2, 3).counts).toEqual([6]);
    expect(() => decodeMaskRle({ size: [2, 2], order: 'row-major', counts: [3] })).toThrow(RangeError);
  });

  it('blur preserves constants and the total of an interior impulse', () => {
    const n = 32;
    const img = new Float64Array(n * n).fill(0.3);
    const tmp = new Float64Array(n * n);
    blurInPlace(img, n, n, 1.7, tmp);
    for (const v of img) expect(v).toBeCloseTo(0.3, 12);
    img.fill(0);
    img[16 * n + 16] = 1;
    blurInPlace(img, n, n, 1.7, tmp);
    expect(img.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(img[16 * n + 16]).toBeGreaterThan(img[16 * n + 17]);
  });
});
