import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test-fixtures/images/, found from this file so tests run from any working directory (Node only). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../../test-fixtures/images/', import.meta.url));

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURE_DIR + name));
}
