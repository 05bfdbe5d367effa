import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ModelFile } from '../modelFromFiles';

/**
 * The script-written model fixtures (scripts/make-model-fixtures.ts), read as the files a user
 * would drop: names relative to test-fixtures/models.
 */
export const MODEL_FIXTURES_DIR = join('test-fixtures', 'models');

export async function fixtureFiles(name: string): Promise<ModelFile[]> {
  const dir = join(MODEL_FIXTURES_DIR, name);
  const files: ModelFile[] = [];
  for (const entry of await readdir(dir)) {
    files.push({ name: relative(MODEL_FIXTURES_DIR, join(dir, entry)).replace(/\\/g, '/'), bytes: new Uint8Array(await readFile(join(dir, entry))) });
  }
  return files;
}

export async function fixtureText(path: string): Promise<string> {
  return readFile(join(MODEL_FIXTURES_DIR, path), 'utf8');
}

/** A fixture's model.json with `edit` applied, plus its other files: for variations tests build in memory. */
export async function editedFixture(name: string, edit: (json: Record<string, unknown>) => void): Promise<ModelFile[]> {
  const files = await fixtureFiles(name);
  return files.map((f) => {
    if (!f.name.endsWith('/model.json')) return f;
    const json = JSON.parse(new TextDecoder().decode(f.bytes)) as Record<string, unknown>;
    edit(json);
    return { name: f.name, bytes: new TextEncoder().encode(JSON.stringify(json)) };
  });
}
