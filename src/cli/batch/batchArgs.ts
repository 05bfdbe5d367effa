import { parseArgs } from 'node:util';
import { CliError } from '../cliError';
import { wholeNumber } from '../commands/cliNumbers';
import type { BatchOptions } from '../commands/analyzeBatch';
import { ANALYZE_EXTENSION_FLAGS, analyzeExtensionOptions } from '../commands/analyzeExtensions';
import { PROGRESS_MODES } from './progress';
import { parseShard, WHOLE_LIST } from './shard';

/** `ifim analyze` runs a batch when it is given a folder (--images) or a manifest (--manifest). */
export function isBatchInvocation(args: readonly string[]): boolean {
  return args.some((a) => a === '--images' || a === '--manifest' || a.startsWith('--images=') || a.startsWith('--manifest='));
}

/** The batch flags of `ifim analyze` (docs/cli.md, "Batch"). */
export function parseBatchArgs(args: string[]): BatchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        model: { type: 'string' }, image: { type: 'string' }, images: { type: 'string' }, manifest: { type: 'string' }, 'top-k': { type: 'string' },
        out: { type: 'string' }, backend: { type: 'string' }, shard: { type: 'string' }, progress: { type: 'string' }, ...ANALYZE_EXTENSION_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CliError(`ifim analyze: ${(error as Error).message}`);
  }
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (text('image') !== undefined) throw new CliError('ifim analyze: give --image <file> for one image, or --images <folder> / --manifest <csv> for a batch, not both');
  const model = text('model');
  if (!model) throw new CliError('ifim analyze: --model is required (see `npx ifim --help`)');
  const progress = text('progress') ?? 'auto';
  if (!(PROGRESS_MODES as readonly string[]).includes(progress)) throw new CliError(`ifim analyze: --progress must be ${PROGRESS_MODES.join(', ')}, not "${progress}"`);
  const shardText = text('shard');
  return {
    model,
    images: text('images'),
    manifest: text('manifest'),
    topK: wholeNumber(text('top-k'), 'top-k', 'analyze') ?? 1,
    out: text('out') ?? 'ifim-out',
    backend: text('backend'),
    shard: shardText === undefined ? WHOLE_LIST : parseShard(shardText),
    progress: progress as BatchOptions['progress'],
    extensions: analyzeExtensionOptions(values),
  };
}
