import { describe, expect, it } from 'vitest';
import { CHEST_LABELS, CHEST_PARAMS, chestLungMasks } from './chest';
import { generateSample } from './index';
import type { SigmoidSample } from './index';

function sigmoid(seed: number, index: number, labels?: number[]): SigmoidSample {
  const s = generateSample('chest', seed, index, labels ? { labels } : undefined);
  if (s.head !== 'sigmoid') throw new Error('sigmoid expected');
  return s;
}

function pixels(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((v, i) => v && out.push(i));
  return out;
}

describe('chest', () => {
  it('labels are the three findings, in order', () => {
    expect([...CHEST_LABELS]).toEqual(['nodule-left-lung', 'nodule-right-lung', 'pleural-effusion']);
  });

  it('nodules lie inside the named lung (radiological convention: patient left = image right)', () => {
    for (let i = 0; i < 40; i++) {
      const s = sigmoid(101, i, [1, 1, i % 2]);
      const [rightLung, leftLung] = chestLungMasks(101, i);
      const left = pixels(s.labelMasks[0]);
      const right = pixels(s.labelMasks[1]);
      expect(left.length).toBeGreaterThan(15); // disc of radius ≥ 2.5 px
      expect(right.length).toBeGreaterThan(15);
      for (const p of left) {
        expect(p % 128).toBeGreaterThanOrEqual(64);
        expect(leftLung[p]).toBe(1);
      }
      for (const p of right) {
        expect(p % 128).toBeLessThan(64);
        expect(rightLung[p]).toBe(1);
      }
      // Effusion (when present) stays out of the way of the nodules.
      for (const p of [...left, ...right]) expect(s.labelMasks[2][p]).toBe(0);
    }
  });

  it('an effusion fills the base of a lung (costophrenic angle)', () => {
    let sides = 0;
    for (let i = 0; i < 40; i++) {
      const s = sigmoid(202, i, [0, 0, 1]);
      const [rightLung, leftLung] = chestLungMasks(202, i);
      const eff = pixels(s.labelMasks[2]);
      expect(eff.length).toBeGreaterThan(20);
      let rowSum = 0;
      for (const p of eff) {
        expect(rightLung[p] | leftLung[p]).toBe(1);
        rowSum += Math.floor(p / 128);
      }
      expect(rowSum / eff.length).toBeGreaterThan(72); // lower half of the image
      // Lowest lung rows on an affected side are fluid.
      for (const [lung, flag] of [
        [rightLung, s.details.effusionRight],
        [leftLung, s.details.effusionLeft],
      ] as const) {
        if (!flag) continue;
        sides++;
        const lungPx = pixels(lung);
        const lowest = Math.max(...lungPx.map((p) => Math.floor(p / 128)));
        const bottom = lungPx.filter((p) => Math.floor(p / 128) >= lowest - 1);
        expect(bottom.every((p) => s.labelMasks[2][p] === 1)).toBe(true);
      }
      expect(s.signalCentres.length).toBe(s.details.effusionRight + s.details.effusionLeft);
    }
    expect(sides).toBeGreaterThanOrEqual(40);
  });

  it('each label is present with probability ≈ 0.4, independently', () => {
    const n = 600;
    const counts = [0, 0, 0];
    let both = 0;
    for (let i = 0; i < n; i++) {
      const s = sigmoid(303, i);
      s.labels.forEach((v, j) => (counts[j] += v));
      both += s.labels[0] * s.labels[1];
    }
    const se = Math.sqrt((0.4 * 0.6) / n);
    for (const c of counts) expect(Math.abs(c / n - CHEST_PARAMS.labelPrior)).toBeLessThan(4 * se);
    expect(Math.abs(both / n - 0.16)).toBeLessThan(0.05);
  });

  it('anatomy varies between samples and stays within the documented ranges', () => {
    const ctr = new Set<number>();
    const ribs = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const d = sigmoid(404, i).details;
      expect(d.cardiothoracicRatio).toBeGreaterThan(0.3);
      expect(d.cardiothoracicRatio).toBeLessThan(0.65);
      expect(Math.abs(d.rotationDeg)).toBeLessThanOrEqual((0.06 * 180) / Math.PI + 1e-9);
      ctr.add(Math.round(d.cardiothoracicRatio * 100));
      ribs.add(Math.round(d.ribSpacingPx * 10));
    }
    expect(ctr.size).toBeGreaterThan(8);
    expect(ribs.size).toBeGreaterThan(8);
  });

  it('looks like a chest film: dark lungs, brighter mediastinum and body, dark air outside', () => {
    const s = sigmoid(505, 0, [0, 0, 0]);
    const [rightLung, leftLung] = chestLungMasks(505, 0);
    let lung = 0;
    let nl = 0;
    for (let p = 0; p < s.image.length; p++) {
      if (rightLung[p] | leftLung[p]) {
        lung += s.image[p];
        nl++;
      }
    }
    const centre = s.image[40 * 128 + 64]; // upper mediastinum / spine
    const corner = s.image[2 * 128 + 2]; // air outside the body
    expect(lung / nl).toBeLessThan(centre - 0.1);
    expect(corner).toBeLessThan(lung / nl);
  });
});
