import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledImageSet, parseCsv, parseLabelsCsv } from './labelsCsv';

const softmax = { head: 'softmax' as const, classes: ['absent', 'present'] };
const sigmoid = { head: 'sigmoid' as const, classes: ['a', 'b'] };
const samples = join(__dirname, '..', '..', 'public', 'samples', 'lumpy-ske');
const metadata = {
  ...softmax,
  input: { height: 64, width: 64, channels: 1 as const },
  preprocessing: { intensity: 'unit' as const, mean: [0.358058], std: [0.0993871], resize: 'bilinear' as const },
};

describe('parseCsv', () => {
  it('reads quoted fields, "" escapes, CRLF and skips blank lines', () => {
    expect(parseCsv('file,label\r\n"a, b.png","x ""y"""\n\n c.png , 1 ')).toEqual([
      ['file', 'label'],
      ['a, b.png', 'x "y"'],
      ['c.png', '1'],
    ]);
  });
});

describe('parseLabelsCsv', () => {
  it('softmax: class names or indices', () => {
    const { files, labels } = parseLabelsCsv('file,label\na.png,present\nb.png,0\n', softmax, 'labels.csv');
    expect(files).toEqual(['a.png', 'b.png']);
    expect([...labels]).toEqual([1, 0]);
  });
  it('sigmoid: one 0/1 column per class', () => {
    const { labels } = parseLabelsCsv('file,b,a\nx.png,1,0\ny.png,0,1\n', sigmoid, 'l.csv');
    expect([...labels]).toEqual([0, 1, 1, 0]);
  });
  it('names the line of an unknown label, and a missing column', () => {
    expect(() => parseLabelsCsv('file,label\na.png,maybe\n', softmax, 'l.csv')).toThrow(/l\.csv line 2: label "maybe" is neither a class name/);
    expect(() => parseLabelsCsv('file,label\na.png,2\n', softmax, 'l.csv')).toThrow(/index 0…1/);
    expect(() => parseLabelsCsv('file,class\na.png,1\n', softmax, 'l.csv')).toThrow(/needs a "label" column/);
    expect(() => parseLabelsCsv('file,a\nx.png,1\n', sigmoid, 'l.csv')).toThrow(/missing b/);
    expect(() => parseLabelsCsv('file,label\n', softmax, 'l.csv')).toThrow(/at least one image row/);
  });
});

describe('labelledImageSet', () => {
  const read = async (file: string): Promise<Uint8Array | null> => {
    if (file === 'not-an-image.png') return new TextEncoder().encode('hello');
    try {
      return new Uint8Array(await readFile(join(samples, file)));
    } catch {
      return null;
    }
  };
  it('decodes and preprocesses the named images as the metadata says', async () => {
    const set = await labelledImageSet('file,label\nlumpy-ske-absent-01.png,absent\nlumpy-ske-present-01.png,present\n', 'l.csv', read, metadata);
    expect(set.count).toBe(2);
    expect(set.images.length).toBe(2 * 64 * 64);
    expect([...set.labels]).toEqual([0, 1]);
    expect(set.files).toEqual(['lumpy-ske-absent-01.png', 'lumpy-ske-present-01.png']);
    const mean = set.images.reduce((a, b) => a + b, 0) / set.images.length;
    expect(Math.abs(mean)).toBeLessThan(3); // standardised, not raw 0…1 or 0…65535
  });
  it('a file the CSV names but that was not given, and a non-image, fail with clear messages', async () => {
    await expect(labelledImageSet('file,label\nnope.png,absent\n', 'l.csv', read, metadata)).rejects.toThrow(/l\.csv line 2: names "nope\.png", which is not among the images given/);
    await expect(labelledImageSet('file,label\nnot-an-image.png,absent\n', 'l.csv', read, metadata)).rejects.toThrow(/not-an-image\.png \(l\.csv line 2\) is not an image this app can read/);
  });
});
