import { parseArgs } from 'node:util';
import { isBatchInvocation, parseBatchArgs } from './batch/batchArgs';
import { CliError, cliFailure, installFatalHandlers, takeVerboseFlag } from './cliError';
import { analyzeCommand } from './commands/analyze';
import { ANALYZE_EXTENSION_FLAGS, analyzeExtensionOptions } from './commands/analyzeExtensions';
import { analyzeBatchCommand } from './commands/analyzeBatch';
import { attributeCommand } from './commands/attribute';
import { compareCommand } from './commands/compare';
import { parsePositive, parseWindow } from './commands/compareInputs';
import { wholeNumber } from './commands/cliNumbers';
import { DEFAULT_EPSILONS, experimentCommand, parseEpsilons } from './commands/experiment';
import { inspectCommand } from './commands/inspect';
import { modelsCommand, samplesCommand } from './commands/listCatalog';
import { mergeCommand } from './commands/merge';
import { predictCommand } from './commands/predict';
import { VOLUME_SLICE_FLAGS, volumeSliceOption } from './commands/volumeSlice';

const USAGE = `ifim — input-dependent Fisher information of image classifiers

usage:
  ifim analyze --model <id | folder | model.json> --image <file> [--top-k K] [--out DIR] [--backend cpu|wasm]
               [--roi mask.png] [--neighbourhood M --sigma S [--seed N]] [--validity-radius]
               [--slice K] [--axis axial|coronal|sagittal]   (volumes: NIfTI, multi-frame DICOM)
  ifim analyze --model <…> (--images <folder> | --manifest <csv> [--images <folder>]) [--top-k K] [--out DIR]
               [--shard i/n] [--progress auto|bar|lines|none] [--backend cpu|wasm] [--roi, --neighbourhood, --validity-radius as above]
  ifim merge <summary-shard-*.json | folder>... [--out DIR]
  ifim inspect --image <file> [--json]
  ifim compare --model <…> [--model-b <…>] --image <file> [--image-b <file>] [--noise S] [--seed N]
               [--window-b centre,width] [--scale-b F] [--top-k K] [--out DIR] [--backend cpu|wasm]
  ifim predict --model <id | folder | model.json> --input batch.npy [--out probs.json] [--backend cpu|wasm]
  ifim models [--json]
  ifim samples [--json]
  ifim experiment --model <…> (--task <demo task> --n <count> | --data <folder> --labels <csv>)
                  [--k K] [--out DIR] [--draws R] [--epsilons a,b,c] [--seed S] [--backend cpu|wasm]
  ifim attribute --model <…> --image <file> --method <saliency|smoothgrad|integrated-gradients|gradcam|occlusion|ifim|ifim-xhigh|all>
                 [--out DIR] [--target C] [--baseline black|blur] [--layer NAME] [--patch P] [--stride S] [--k K]
                 [--evaluate] [--sanity] [--backend cpu|wasm]

Add --verbose to any command for a decoder's or library's own message after a failure.
docs/cli.md describes every command and output file.`;

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`ifim ${command}: --${name} is required (see \`npx ifim --help\`)`);
  return v;
}

function optionalString(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

async function run(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return USAGE;
  const parse = (options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>): Values => {
    try {
      return parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values as Values;
    } catch (error) {
      throw new CliError(`ifim ${command}: ${(error as Error).message}`);
    }
  };
  switch (command) {
    case 'analyze': {
      if (isBatchInvocation(rest)) return analyzeBatchCommand(parseBatchArgs(rest));
      const v = parse({ model: { type: 'string' }, image: { type: 'string' }, 'top-k': { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, ...ANALYZE_EXTENSION_FLAGS, ...VOLUME_SLICE_FLAGS });
      const topK = optionalString(v, 'top-k');
      if (topK !== undefined && !/^\d+$/.test(topK)) throw new CliError(`ifim analyze: --top-k must be a whole number, not "${topK}"`);
      return analyzeCommand({
        model: required(v, 'model', command),
        image: required(v, 'image', command),
        topK: topK === undefined ? undefined : Number(topK),
        out: optionalString(v, 'out') ?? 'ifim-out',
        backend: optionalString(v, 'backend'),
        extensions: analyzeExtensionOptions(v),
        slice: volumeSliceOption(v),
      });
    }
    case 'predict': {
      const v = parse({ model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' } });
      return predictCommand({ model: required(v, 'model', command), input: required(v, 'input', command), out: optionalString(v, 'out'), backend: optionalString(v, 'backend') });
    }
    case 'inspect': {
      const v = parse({ image: { type: 'string' }, json: { type: 'boolean' } });
      return inspectCommand({ image: required(v, 'image', command), json: Boolean(v.json) });
    }
    case 'experiment': {
      const v = parse({
        model: { type: 'string' }, task: { type: 'string' }, n: { type: 'string' }, data: { type: 'string' }, labels: { type: 'string' },
        k: { type: 'string' }, out: { type: 'string' }, draws: { type: 'string' }, epsilons: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' },
      });
      const epsilons = optionalString(v, 'epsilons');
      return experimentCommand({
        model: required(v, 'model', command),
        task: optionalString(v, 'task'),
        n: wholeNumber(optionalString(v, 'n'), 'n', command, 1),
        data: optionalString(v, 'data'),
        labels: optionalString(v, 'labels'),
        k: wholeNumber(optionalString(v, 'k'), 'k', command, 1) ?? 1,
        out: optionalString(v, 'out') ?? 'ifim-experiment',
        draws: wholeNumber(optionalString(v, 'draws'), 'draws', command, 1) ?? 8,
        epsilons: epsilons === undefined ? DEFAULT_EPSILONS : parseEpsilons(epsilons),
        seed: wholeNumber(optionalString(v, 'seed'), 'seed', command) ?? 1,
        backend: optionalString(v, 'backend'),
      });
    }
    case 'attribute': {
      const v = parse({
        model: { type: 'string' }, image: { type: 'string' }, method: { type: 'string' }, out: { type: 'string' }, target: { type: 'string' },
        baseline: { type: 'string' }, layer: { type: 'string' }, patch: { type: 'string' }, stride: { type: 'string' }, k: { type: 'string' },
        evaluate: { type: 'boolean' }, sanity: { type: 'boolean' }, backend: { type: 'string' },
      });
      return attributeCommand({
        model: required(v, 'model', command),
        image: required(v, 'image', command),
        method: required(v, 'method', command),
        out: optionalString(v, 'out') ?? 'ifim-attribution',
        target: wholeNumber(optionalString(v, 'target'), 'target', command),
        baseline: optionalString(v, 'baseline'),
        layer: optionalString(v, 'layer'),
        patch: wholeNumber(optionalString(v, 'patch'), 'patch', command, 1),
        stride: wholeNumber(optionalString(v, 'stride'), 'stride', command, 1),
        k: wholeNumber(optionalString(v, 'k'), 'k', command, 1),
        evaluate: Boolean(v.evaluate),
        sanity: Boolean(v.sanity),
        backend: optionalString(v, 'backend'),
      });
    }
    case 'compare': {
      const v = parse({
        model: { type: 'string' }, 'model-b': { type: 'string' }, image: { type: 'string' }, 'image-b': { type: 'string' }, noise: { type: 'string' }, seed: { type: 'string' },
        'window-b': { type: 'string' }, 'scale-b': { type: 'string' }, 'top-k': { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' },
      });
      return compareCommand({
        model: required(v, 'model', command),
        modelB: optionalString(v, 'model-b'),
        image: required(v, 'image', command),
        imageB: optionalString(v, 'image-b'),
        noise: parsePositive(optionalString(v, 'noise'), 'noise', true),
        seed: wholeNumber(optionalString(v, 'seed'), 'seed', command) ?? 1,
        change: { window: parseWindow(optionalString(v, 'window-b')), scale: parsePositive(optionalString(v, 'scale-b'), 'scale-b', false) },
        topK: wholeNumber(optionalString(v, 'top-k'), 'top-k', command, 1),
        out: optionalString(v, 'out') ?? 'ifim-compare',
        backend: optionalString(v, 'backend'),
      });
    }
    case 'merge':
      return mergeCommand(rest);
    case 'models':
      return modelsCommand(Boolean(parse({ json: { type: 'boolean' } }).json));
    case 'samples':
      return samplesCommand(Boolean(parse({ json: { type: 'boolean' } }).json));
    default:
      throw new CliError(`unknown command "${command}"; try \`npx ifim --help\``);
  }
}

const { argv, verbose } = takeVerboseFlag(process.argv.slice(2));
installFatalHandlers(verbose);

try {
  console.log(await run(argv));
} catch (error) {
  // One line naming the file and the problem; a library's own words only with --verbose.
  const failure = cliFailure(error, verbose);
  for (const line of failure.lines) console.error(line);
  process.exitCode = failure.exitCode;
}
