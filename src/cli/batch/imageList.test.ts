import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderImageList, manifestImageList } from './imageList';
import { resultFolderNames } from './resultFolders';

let dir: string;
const softmax = { head: 'softmax' as const, classes: ['absent', 'present'] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-image-list-'));
});

describe('folder image list', () => {
  it('walks subfolders, keeps image extensions only, skips hidden entries and the output folder, sorts by code unit', async () => {
    const root = join(dir, 'walk');
    await mkdir(join(root, 'b'), { recursive: true });
    await mkdir(join(root, '.cache'), { recursive: true });
    await mkdir(join(root, 'out', 'results'), { recursive: true });
    for (const f of ['Z.png', 'a.JPG', 'b/c.dcm', 'b/d.bmp', 'notes.txt', 'a.json', '.hidden.png', '.cache/e.png', 'out/results/f.png']) await writeFile(join(root, f), 'x');
    const list = await folderImageList(root, join(root, 'out'));
    expect(list.images.map((i) => i.id)).toEqual(['Z.png', 'a.JPG', 'b/c.dcm', 'b/d.bmp']);
    expect(list.images[2].path).toBe(join(root, 'b', 'c.dcm'));
    expect(list.listSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same fingerprint for the same files and another one when a file is added', async () => {
    const root = join(dir, 'fingerprint');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'a.png'), 'x');
    const before = (await folderImageList(root)).listSha256;
    expect((await folderImageList(root)).listSha256).toBe(before);
    await writeFile(join(root, 'b.png'), 'x');
    expect((await folderImageList(root)).listSha256).not.toBe(before);
  });

  it('refuses a missing or empty folder with one line naming it', async () => {
    await expect(folderImageList(join(dir, 'nowhere'))).rejects.toThrow(`image folder ${join(dir, 'nowhere')} not found`);
    await mkdir(join(dir, 'empty'));
    await expect(folderImageList(join(dir, 'empty'))).rejects.toThrow(/holds no images/);
  });
});

describe('manifest image list', () => {
  it('reads the file column by name, resolves paths from the manifest folder and checks labels against the model', async () => {
    const manifest = join(dir, 'manifest.csv');
    await writeFile(manifest, 'patient,path,label\n7,"img/b, copy.png",present\n3,img/a.png,0\n9,/abs/c.png,absent\n');
    const list = await manifestImageList(manifest, softmax);
    expect(list.source).toEqual({ kind: 'manifest', path: manifest });
    expect(list.images).toEqual([
      { id: '/abs/c.png', path: '/abs/c.png', label: 'absent' },
      { id: 'img/a.png', path: join(dir, 'img', 'a.png'), label: 'absent' },
      { id: 'img/b, copy.png', path: join(dir, 'img', 'b, copy.png'), label: 'present' },
    ]);
  });

  it('takes the first column without a named file column, and a base folder when given', async () => {
    const manifest = join(dir, 'plain.csv');
    await writeFile(manifest, 'name,site\nx.png,north\n');
    const list = await manifestImageList(manifest, softmax, '/data');
    expect(list.images).toEqual([{ id: 'x.png', path: join('/data', 'x.png') }]);
  });

  it('reads sigmoid labels from one 0/1 column per class', async () => {
    const manifest = join(dir, 'sigmoid.csv');
    await writeFile(manifest, 'file,nodule,effusion\na.png,1,1\nb.png,0,0\n');
    const list = await manifestImageList(manifest, { head: 'sigmoid', classes: ['nodule', 'effusion'] });
    expect(list.images.map((i) => i.label)).toEqual(['nodule;effusion', '']);
  });

  it.each([
    ['file,label\na.png,absent\nb.png,maybe\n', /line 3: label "maybe" is neither a class name/],
    ['file,label\na.png,absent\na.png,present\n', /line 3: a.png is listed already on line 2/],
    ['file,label\n,absent\n', /line 2: the file column is empty/],
    ['file\n', /needs a header row and at least one image row/],
  ])('refuses %j with one line', async (text, message) => {
    const manifest = join(dir, 'bad.csv');
    await writeFile(manifest, text);
    await expect(manifestImageList(manifest, softmax)).rejects.toThrow(message);
  });
});

describe('result folder names', () => {
  it('are flat and readable, and distinct even for ids that flatten alike or differ only in case', () => {
    const names = resultFolderNames([
      { id: 'a/b.png', path: '' },
      { id: 'a__b.png', path: '' },
      { id: 'C.png', path: '' },
      { id: 'c.png', path: '' },
      { id: 'ok image #1.png', path: '' },
      { id: '../up.png', path: '' },
    ]);
    expect(names[4]).toBe('ok_image__1.png');
    expect(names[5]).toBe('_..__up.png');
    expect(names[0]).toMatch(/^a__b\.png-[0-9a-f]{8}$/);
    expect(names[1]).toMatch(/^a__b\.png-[0-9a-f]{8}$/);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
  });
});
