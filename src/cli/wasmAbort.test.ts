import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './projectPaths';

/**
 * A WebAssembly trap prints one line, not tfjs-backend-wasm's 40 kB minified source line (which
 * Node printed when emscripten's own uncaughtException handler rethrew the error).
 */
const run = promisify(execFile);

async function trapped(where: 'chain' | 'timer'): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = join(projectRoot, 'src', 'cli', 'testing', 'wasmTrap.ts');
  const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, script, where], { cwd: projectRoot, env: { ...process.env, IFIM_DEBUG: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a WebAssembly trap', () => {
  it.each(['chain', 'timer'] as const)('(%s) is one clear line, exit status 3', async (where) => {
    const { code, stdout, stderr } = await trapped(where);
    expect(code).toBe(3);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toEqual([expect.stringMatching(/^ifim: the WebAssembly engine failed \(memory access out of bounds\); the command stopped — rerun with --backend cpu/)]);
    expect(stdout.length + stderr.length).toBeLessThan(400);
    expect(stderr).not.toMatch(/tfjs-backend-wasm|wasm-function|at /);
  });
});
