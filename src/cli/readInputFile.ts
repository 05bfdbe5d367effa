import { readFile } from 'node:fs/promises';
import { CliError } from './cliError';

export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${what} ${path} not found`);
    if (code === 'EISDIR') throw new CliError(`${what} ${path} is a folder, not a file`);
    throw new CliError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}
