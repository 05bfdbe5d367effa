import { readFile } from 'node:fs/promises';
import { CliError } from './cliError';

export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${what} ${path} not found`, 1, 'not-found');
    if (code === 'EISDIR') throw new CliError(`${what} ${path} is a folder, not a file`, 1, 'is-a-directory');
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${what} ${path} cannot be read: permission denied`, 1, 'unreadable');
    throw new CliError(`${what} ${path} cannot be read`, 1, 'unreadable', (error as Error).message);
  }
}
