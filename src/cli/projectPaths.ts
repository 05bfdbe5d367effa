import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file, so the CLI works from any working directory. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const publicDir = join(projectRoot, 'public');
export const modelsDir = join(publicDir, 'models');
export const samplesIndexPath = join(publicDir, 'samples', 'index.json');
