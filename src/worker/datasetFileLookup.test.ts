import { describe, expect, it } from 'vitest';
import { datasetFileLookup } from './evidenceService';

const bytes = (v: number): ArrayBuffer => new Uint8Array([v]).buffer;

describe('datasetFileLookup', () => {
  it('finds a CSV row’s file by path, by path inside the picked folder, or by a unique base name', () => {
    const lookup = datasetFileLookup([
      { name: 'set/a.png', bytes: bytes(1) },
      { name: 'set/sub/b.png', bytes: bytes(2) },
      { name: 'c.png', bytes: bytes(3) },
      { name: 'x/d.png', bytes: bytes(4) },
      { name: 'y/d.png', bytes: bytes(5) },
    ]);
    expect(lookup('a.png')?.[0]).toBe(1);
    expect(lookup('set/a.png')?.[0]).toBe(1);
    expect(lookup('sub/b.png')?.[0]).toBe(2);
    expect(lookup('./c.png')?.[0]).toBe(3);
    expect(lookup('other/c.png')?.[0]).toBe(3);
    expect(lookup('d.png')).toBeNull(); // two files of that name
    expect(lookup('nope.png')).toBeNull();
  });
});
