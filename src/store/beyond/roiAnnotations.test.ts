import { describe, expect, it } from 'vitest';
import type { SavedAnnotation } from '../../core/roi';
import { compareRequestOf } from './beyondSlice';
import { annotationKey } from './annotationStorage';
import { annotationAt, hitTest, measureAnnotation, parseAnnotations, serializeAnnotations, shapeFromDrag, translateAnnotation } from './roiAnnotations';

describe('ROI drawing and editing', () => {
  it('a drag gives the rectangle between its corners, the ellipse inscribed in them, the segment itself', () => {
    expect(shapeFromDrag('rectangle', [4, 6], [1, 2])).toEqual({ kind: 'rectangle', x0: 4, y0: 6, x1: 1, y1: 2 });
    expect(shapeFromDrag('ellipse', [1, 2], [5, 8])).toEqual({ kind: 'ellipse', cx: 3, cy: 5, rx: 2, ry: 3 });
    expect(shapeFromDrag('length', [0, 0], [3, 4])).toEqual({ kind: 'length', x0: 0, y0: 0, x1: 3, y1: 4 });
  });

  it('hit-tests each kind: inside/outside, a concave polygon’s notch, a segment’s tolerance band', () => {
    expect(hitTest({ kind: 'rectangle', x0: 4, y0: 6, x1: 1, y1: 2 }, 2, 3)).toBe(true);
    expect(hitTest({ kind: 'rectangle', x0: 4, y0: 6, x1: 1, y1: 2 }, 5, 3)).toBe(false);
    const ellipse = { kind: 'ellipse', cx: 3, cy: 5, rx: 2, ry: 3 } as const;
    expect(hitTest(ellipse, 4.9, 5)).toBe(true);
    expect(hitTest(ellipse, 4.5, 7.5)).toBe(false); // inside the bounding box, outside the ellipse: (0.75² + 0.833²) > 1
    // A U shape: the notch (x 1…2, y 0…2) is outside.
    const u = { kind: 'polygon', points: [[0, 0], [1, 0], [1, 2], [2, 2], [2, 0], [3, 0], [3, 3], [0, 3]] } as const;
    expect(hitTest(u, 0.5, 1)).toBe(true);
    expect(hitTest(u, 1.5, 1)).toBe(false);
    expect(hitTest(u, 1.5, 2.5)).toBe(true);
    const seg = { kind: 'length', x0: 0, y0: 0, x1: 10, y1: 0 } as const;
    expect(hitTest(seg, 5, 2.9)).toBe(true);
    expect(hitTest(seg, 5, 3.1)).toBe(false);
    expect(hitTest(seg, 12, 0)).toBe(true);
    expect(hitTest(seg, 13.5, 0)).toBe(false);
  });

  it('the topmost (last drawn) annotation wins a hit; moving translates every point', () => {
    const list: SavedAnnotation[] = [
      { id: 'a', shape: { kind: 'rectangle', x0: 0, y0: 0, x1: 10, y1: 10 } },
      { id: 'b', shape: { kind: 'ellipse', cx: 5, cy: 5, rx: 2, ry: 2 } },
    ];
    expect(annotationAt(list, 5, 5)?.id).toBe('b');
    expect(annotationAt(list, 1, 1)?.id).toBe('a');
    expect(annotationAt(list, 20, 20)).toBeNull();
    expect(translateAnnotation({ kind: 'polygon', points: [[0, 0], [1, 0], [0, 1]] }, 2, -1)).toEqual({ kind: 'polygon', points: [[2, -1], [3, -1], [2, 0]] });
    expect(translateAnnotation({ kind: 'ellipse', cx: 5, cy: 5, rx: 2, ry: 1 }, 1, 1)).toEqual({ kind: 'ellipse', cx: 6, cy: 6, rx: 2, ry: 1 });
  });

  it('measures mean, SD and area by hand-checked numbers, in mm² with a pixel spacing', () => {
    // 4×2 image, values 0…7; the rectangle over columns 1–2 of both rows holds 1, 2, 5, 6.
    const image = { width: 4, height: 2, channels: 1, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };
    const m = measureAnnotation({ kind: 'rectangle', x0: 1, y0: 0, x1: 3, y1: 2 }, image, null);
    expect(m.mean).toBeCloseTo(3.5, 12);
    expect(m.sd).toBeCloseTo(Math.sqrt((2.5 ** 2 + 1.5 ** 2 + 1.5 ** 2 + 2.5 ** 2) / 4), 12);
    expect(m.area).toEqual({ value: 4, unit: 'px²' });
    expect(measureAnnotation({ kind: 'rectangle', x0: 1, y0: 0, x1: 3, y1: 2 }, image, [0.5, 2]).area).toEqual({ value: 4, unit: 'mm²' });
    expect(measureAnnotation({ kind: 'length', x0: 0, y0: 0, x1: 3, y1: 4 }, image, null).length).toEqual({ value: 5, unit: 'px' });
  });
});

describe('ROI serialisation', () => {
  it('round-trips every kind and drops unreadable records, keeping the rest', () => {
    const list: SavedAnnotation[] = [
      { id: 'r', shape: { kind: 'rectangle', x0: 0, y0: 1, x1: 2, y1: 3 } },
      { id: 'e', label: 'lesion', shape: { kind: 'ellipse', cx: 1, cy: 2, rx: 3, ry: 4 } },
      { id: 'p', shape: { kind: 'polygon', points: [[0, 0], [1, 0], [0, 1]] } },
      { id: 'l', shape: { kind: 'length', x0: 0, y0: 0, x1: 1, y1: 1 } },
    ];
    expect(parseAnnotations(serializeAnnotations(list))).toEqual(list);
    const broken = JSON.stringify([{ id: 'x', shape: { kind: 'ellipse', cx: 1, cy: 1, rx: -1, ry: 1 } }, { shape: {} }, { id: 'ok', shape: list[0].shape }]);
    expect(parseAnnotations(broken)).toEqual([{ id: 'ok', shape: list[0].shape }]);
    expect(parseAnnotations('not json')).toEqual([]);
    expect(parseAnnotations(null)).toEqual([]);
  });

  it('keys a sample by its id and a file by its name', () => {
    expect(annotationKey(null)).toBeNull();
    expect(annotationKey({ id: 's1', name: 'Sample', source: { kind: 'sample', sampleId: 's1', url: 'u' } } as never)).toBe('ifim-viewer:roi:v1:sample:s1');
    expect(annotationKey({ id: 'file:a.png#3', name: 'a.png', source: { kind: 'file', name: 'a.png', bytes: 1 } } as never)).toBe('ifim-viewer:roi:v1:file:a.png');
  });
});

describe('compare request from the form', () => {
  it('reads noise, seed, window, scale and k; an empty form changes nothing', () => {
    expect(compareRequestOf({ noiseSigma: '', seed: '', window: '', scale: '', topK: '' })).toEqual({ noiseSigma: undefined, seed: 1, topK: undefined, change: {} });
    expect(compareRequestOf({ noiseSigma: '0.1', seed: '7', window: '0.4, 0.5', scale: '0.5', topK: '3' })).toEqual({
      noiseSigma: 0.1,
      seed: 7,
      topK: 3,
      change: { window: { centre: 0.4, width: 0.5 }, scale: 0.5 },
    });
  });

  it('refuses bad fields with one line naming the field', () => {
    expect(() => compareRequestOf({ noiseSigma: '-1', seed: '1', window: '', scale: '', topK: '' })).toThrow(/noise σ must be a number ≥ 0/);
    expect(() => compareRequestOf({ noiseSigma: '', seed: '1', window: '0.5', scale: '', topK: '' })).toThrow(/window must be "centre,width"/);
    expect(() => compareRequestOf({ noiseSigma: '', seed: '1', window: '', scale: '0', topK: '' })).toThrow(/resampling factor must be > 0/);
    expect(() => compareRequestOf({ noiseSigma: '', seed: '1', window: '', scale: '', topK: '1.5' })).toThrow(/k must be a whole number/);
  });
});
