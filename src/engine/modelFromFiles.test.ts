import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { identifyForeignModelFile } from './foreignModelFormat';
import type { ModelFile } from './modelFromFiles';
import { artifactsFromFiles, filesFromZip } from './modelFromFiles';
import { ModelLoadError, modelLoadErrorInfo } from './modelLoadError';
import { fixtureFiles } from './testing/modelFixtures';

function loadError(files: ModelFile[]): ModelLoadError {
  try {
    artifactsFromFiles(files);
  } catch (error) {
    if (error instanceof ModelLoadError) return error;
    throw error;
  }
  throw new Error('expected a ModelLoadError');
}

const base = (f: ModelFile): ModelFile => ({ name: f.name.split('/').pop()!, bytes: f.bytes });

describe('artifactsFromFiles', () => {
  it('builds artifacts from model.json, its shard and metadata.json, in any order and without folders', async () => {
    const files = (await fixtureFiles('layers-twin')).map(base).reverse();
    const model = artifactsFromFiles(files);
    expect(model.modelJsonName).toBe('model.json');
    expect(model.metadata?.id).toBe('fixture-twin-layers');
    expect(model.artifacts.format).toBe('layers-model');
    expect((model.artifacts.weightData as ArrayBuffer).byteLength).toBe(files.find((f) => f.name === 'weights.bin')!.bytes.byteLength);
    expect(model.artifacts.weightSpecs?.map((w) => w.name.split('/')[1])).toEqual(['kernel', 'bias', 'kernel', 'bias', 'kernel', 'bias']);
  });

  it('takes the id from the folder, and reads the signature of a GraphModel', async () => {
    const model = artifactsFromFiles(await fixtureFiles('graph-single-image'));
    expect(model.metadata).toBeNull();
    expect(model.fallbackId).toBe('graph-single-image');
    expect(model.artifacts.format).toBe('graph-model');
    expect(model.artifacts.signature).toBeDefined();
  });

  it('expands a zip archive, with the model in a subfolder', async () => {
    const files = await fixtureFiles('layers-twin');
    const zip = zipSync(Object.fromEntries(files.map((f) => [`exported/${f.name.split('/').pop()}`, f.bytes])));
    const model = artifactsFromFiles([{ name: 'my-model.zip', bytes: zip }]);
    expect(model.modelJsonName).toBe('my-model.zip/exported/model.json');
    expect(model.fallbackId).toBe('exported');
    expect(model.metadata?.id).toBe('fixture-twin-layers');
    expect(filesFromZip({ name: 'my-model.zip', bytes: zip }).map((f) => f.name).sort()).toEqual(['my-model.zip/exported/metadata.json', 'my-model.zip/exported/model.json', 'my-model.zip/exported/weights.bin']);
  });

  it('the fixture zip holds the graph twin', async () => {
    const model = artifactsFromFiles(await fixtureFiles('graph-twin-zip'));
    expect(model.modelJsonName).toBe('graph-twin-zip/model.zip/model.json');
    expect(model.metadata?.id).toBe('fixture-twin-zip');
  });

  it.each([
    ['broken-truncated-shard', 'shard-size', /weight shard broken-truncated-shard\/weights\.bin has the wrong size: its group holds 4492 bytes, but broken-truncated-shard\/model\.json describes 4588; the file is truncated/],
    ['broken-missing-shard', 'missing-shard', /weight shard broken-missing-shard\/group1-shard2of2\.bin is missing: broken-missing-shard\/model\.json lists it/],
    ['broken-json', 'invalid-model-json', /broken-json\/model\.json is not valid JSON/],
    ['broken-h5', 'foreign-format', /broken-h5\/model\.json is a Keras HDF5 model \(\.h5\).*tensorflowjs_converter --input_format=keras/],
  ])('%s → %s, naming the file', async (name, code, message) => {
    const error = loadError(await fixtureFiles(name));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.file).toMatch(new RegExp(`^${name}/`));
  });

  it('names the odd shard of a multi-shard group', async () => {
    const files = await fixtureFiles('layers-twin');
    const json = JSON.parse(new TextDecoder().decode(files.find((f) => f.name.endsWith('model.json'))!.bytes));
    const weights = files.find((f) => f.name.endsWith('weights.bin'))!.bytes;
    json.weightsManifest[0].paths = ['s1.bin', 's2.bin', 's3.bin'];
    const cut = [weights.slice(0, 1600), weights.slice(1600 + 8, 3200), weights.slice(3200)];
    const error = loadError([{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) }, ...cut.map((bytes, i) => ({ name: `s${i + 1}.bin`, bytes }))]);
    expect(error.code).toBe('shard-size');
    expect(error.file).toBe('s2.bin');
  });

  it('recognises a Keras 3 .keras archive and a PyTorch zip by the names inside', () => {
    const keras = zipSync({ 'config.json': new TextEncoder().encode('{"class_name": "Sequential"}'), 'model.weights.h5': new Uint8Array(8), 'metadata.json': new Uint8Array(2) });
    expect(loadError([{ name: 'classifier.keras', bytes: keras }])).toMatchObject({ code: 'foreign-format', message: expect.stringMatching(/^classifier\.keras is a Keras 3 model archive/) });
    const torch = zipSync({ 'archive/data.pkl': new Uint8Array([0x80, 2]), 'archive/version': new Uint8Array(1) });
    expect(loadError([{ name: 'resnet.pt', bytes: torch }])).toMatchObject({ code: 'foreign-format', message: expect.stringMatching(/^resnet\.pt is a PyTorch checkpoint/) });
  });

  it('says what is missing when no model.json is given, and refuses a Keras config without weights', () => {
    expect(loadError([{ name: 'weights.bin', bytes: new Uint8Array(4) }])).toMatchObject({ code: 'no-model-json', message: expect.stringMatching(/no model\.json among the files given \(weights\.bin\)/) });
    const keras = new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: {} }));
    expect(loadError([{ name: 'model.json', bytes: keras }])).toMatchObject({ code: 'invalid-model-json', message: expect.stringMatching(/Keras model configuration without weights/) });
  });

  it('refuses an invalid metadata.json with its problems', async () => {
    const files = (await fixtureFiles('layers-twin')).map((f) => (f.name.endsWith('metadata.json') ? { ...f, bytes: new TextEncoder().encode('{"formatVersion": 1, "id": "Bad Id"}') } : f));
    const error = loadError(files);
    expect(error.code).toBe('metadata-invalid');
    expect(error.message).toMatch(/layers-twin\/metadata\.json is not valid model metadata: id: ids are lowercase/);
  });

  it('recognises foreign files by magic bytes, whatever their name', () => {
    const hdf5 = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(identifyForeignModelFile('weights.bin', hdf5)?.format).toBe('keras-hdf5');
    const userBlock = new Uint8Array(600);
    userBlock.set(hdf5, 512);
    expect(identifyForeignModelFile('x', userBlock)?.format).toBe('keras-hdf5');
    expect(identifyForeignModelFile('x', Uint8Array.from([0x08, 0x07, 0x12, 0x03, 0x61, 0x62, 0x63, 0x3a, 0, 0]))?.format).toBe('onnx');
    expect(identifyForeignModelFile('x', Uint8Array.from([0x1c, 0, 0, 0, 0x54, 0x46, 0x4c, 0x33]))?.format).toBe('tflite');
    expect(identifyForeignModelFile('x', Uint8Array.from([0x80, 0x04, 0x95]))?.format).toBe('python-pickle');
    expect(identifyForeignModelFile('model.json', new TextEncoder().encode('{"modelTopology": {}}'))).toBeNull();
  });
});

describe('ModelLoadError across a worker boundary', () => {
  it('keeps its code in the name, which Comlink carries with the message', () => {
    const error = new ModelLoadError('missing-shard', 'weight shard x.bin is missing', 'x.bin');
    const wire = Object.assign(new Error(error.message), { name: error.name, stack: error.stack });
    expect(modelLoadErrorInfo(wire)).toEqual({ code: 'missing-shard', message: 'weight shard x.bin is missing' });
    expect(modelLoadErrorInfo(new Error('other'))).toBeNull();
    expect(modelLoadErrorInfo(Object.assign(new Error('x'), { name: 'ModelLoadError(no-such-code)' }))).toBeNull();
  });
});
