import { describe, expect, it } from 'vitest';
import { fileRole, routeDroppedFiles } from './fileRouting';

describe('dropped files', () => {
  it('sends model files to the model loader and the rest to the image loader', () => {
    expect(fileRole({ name: 'model.json' })).toBe('model');
    expect(fileRole({ name: 'group1-shard1of2.bin' })).toBe('model');
    expect(fileRole({ name: 'classifier.ZIP' })).toBe('model');
    expect(fileRole({ name: 'weights', type: 'application/zip' })).toBe('model');
    expect(fileRole({ name: 'scan.dcm' })).toBe('image');
    expect(fileRole({ name: 'IM000001' })).toBe('image'); // DICOM without an extension
    expect(fileRole({ name: 'chest.png', type: 'image/png' })).toBe('image');
  });

  it('keeps a model folder together', () => {
    const routed = routeDroppedFiles([{ name: 'model.json' }, { name: 'metadata.json' }, { name: 'g1.bin' }, { name: 'README.md' }, { name: 'preview.png' }]);
    expect(routed.model.map((f) => f.name)).toEqual(['model.json', 'metadata.json', 'g1.bin', 'README.md']);
    expect(routed.images.map((f) => f.name)).toEqual(['preview.png']);
    expect(routeDroppedFiles([{ name: 'a.png' }, { name: 'b.dcm' }])).toEqual({ model: [], images: [{ name: 'a.png' }, { name: 'b.dcm' }] });
  });
});
