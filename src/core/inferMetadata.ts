import type { ModelMetadata } from './modelMetadata';
import { parseModelMetadata } from './modelMetadata';
import type { HeadType } from './types';

/**
 * Metadata for a model that came without metadata.json: what the model itself tells (input size,
 * number of outputs, the output activation) is *inferred*; what it cannot tell (class names,
 * normalisation, resize) is *defaulted*, so that the interface can ask for it in a form.
 */

/** How the head was decided when the model was loaded (engine: ClassifierInfo.headSource). */
export type HeadSource = 'metadata' | 'activation' | 'probabilities' | 'assumed';

/** What the loaded model says about itself; the engine's ClassifierInfo satisfies this. */
export interface ModelFacts {
  readonly id: string;
  readonly title: string;
  readonly classes: readonly string[];
  readonly head: HeadType;
  readonly headSource: HeadSource;
  readonly inputShape: readonly [number, number, number];
  readonly removedActivation: 'softmax' | 'sigmoid' | null;
}

export type MetadataFieldPath =
  | 'id'
  | 'title'
  | 'description'
  | 'classes'
  | 'head'
  | 'input'
  | 'preprocessing.intensity'
  | 'preprocessing.mean'
  | 'preprocessing.std'
  | 'preprocessing.resize';

export interface MetadataFieldOrigin {
  readonly path: MetadataFieldPath;
  /** inferred: read from the model; defaulted: a guess the user should confirm or correct. */
  readonly origin: 'inferred' | 'defaulted';
  /** One sentence for the form: where the value came from. */
  readonly note: string;
}

export interface InferredMetadata {
  /** Complete and valid (parseModelMetadata accepts it). */
  readonly metadata: ModelMetadata;
  readonly fields: readonly MetadataFieldOrigin[];
  /** The defaulted fields: what a form should ask. */
  readonly toConfirm: readonly MetadataFieldPath[];
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** A metadata id from a file or folder name: lowercase, other characters become "-". */
export function metadataIdFrom(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/\.(zip|json)$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return ID_PATTERN.test(id) ? id : 'model';
}

function headNote(facts: ModelFacts): { origin: 'inferred' | 'defaulted'; note: string } {
  switch (facts.headSource) {
    case 'activation':
      return { origin: 'inferred', note: `the model ends in a ${facts.removedActivation ?? facts.head}, removed for the analysis` };
    case 'probabilities':
      return { origin: 'inferred', note: `the model's outputs are ${facts.head === 'softmax' ? 'probabilities that sum to one' : 'independent probabilities'}` };
    case 'metadata':
      return { origin: 'inferred', note: 'from metadata.json' };
    case 'assumed':
      return {
        origin: 'defaulted',
        note:
          facts.classes.length === 1
            ? 'the model outputs one raw score: assumed to be the logit of a binary (sigmoid) label'
            : 'the model outputs raw scores with no softmax or sigmoid: assumed to be softmax logits (one label out of C); choose sigmoid for independent labels',
      };
  }
}

export function inferMetadata(facts: ModelFacts): InferredMetadata {
  const [height, width, channels] = facts.inputShape;
  if (channels !== 1 && channels !== 3) throw new RangeError(`the model takes ${channels} channels; metadata allows 1 or 3`);
  const id = ID_PATTERN.test(facts.id) ? facts.id : metadataIdFrom(facts.id);
  const classCount = facts.classes.length;
  const namesLookGeneric = facts.classes.every((name, i) => name === `class ${i}`);
  const metadata = parseModelMetadata(
    {
      formatVersion: 1,
      id,
      title: facts.title || id,
      description: '',
      classes: namesLookGeneric ? Array.from({ length: classCount }, (_, i) => `class ${i}`) : [...facts.classes],
      head: facts.head,
      input: { height, width, channels },
      preprocessing: { intensity: 'unit', mean: Array(channels).fill(0), std: Array(channels).fill(1), resize: 'bilinear' },
    },
    'inferred metadata',
  );
  const head = headNote(facts);
  const fields: MetadataFieldOrigin[] = [
    { path: 'id', origin: 'defaulted', note: 'from the file or folder name' },
    { path: 'title', origin: 'defaulted', note: 'from the file or folder name' },
    { path: 'description', origin: 'defaulted', note: 'empty' },
    {
      path: 'classes',
      origin: namesLookGeneric ? 'defaulted' : 'inferred',
      note: namesLookGeneric ? `the model has ${classCount} output${classCount === 1 ? '' : 's'}; the names are placeholders` : 'from the model',
    },
    { path: 'head', ...head },
    { path: 'input', origin: 'inferred', note: `the model takes ${height}×${width} pixels with ${channels} channel${channels === 1 ? '' : 's'}` },
    { path: 'preprocessing.intensity', origin: 'defaulted', note: 'decoded intensities scaled to [0, 1]' },
    { path: 'preprocessing.mean', origin: 'defaulted', note: 'no normalisation: the model sees [0, 1] intensities' },
    { path: 'preprocessing.std', origin: 'defaulted', note: 'no normalisation: the model sees [0, 1] intensities' },
    { path: 'preprocessing.resize', origin: 'defaulted', note: 'bilinear resampling to the input size' },
  ];
  return { metadata, fields, toConfirm: fields.filter((f) => f.origin === 'defaulted').map((f) => f.path) };
}

/**
 * metadata.json text for a metadata record (validated first), with the keys in the order of
 * docs/metadata.md and a final newline, so that a saved file diffs cleanly.
 */
export function serializeMetadata(metadata: ModelMetadata): string {
  const m = parseModelMetadata(metadata, 'metadata');
  const ordered: Record<string, unknown> = {
    formatVersion: m.formatVersion,
    id: m.id,
    title: m.title,
    description: m.description,
    task: m.task,
    architecture: m.architecture,
    classes: m.classes,
    head: m.head,
    input: { height: m.input.height, width: m.input.width, channels: m.input.channels },
    preprocessing: { intensity: m.preprocessing.intensity, mean: m.preprocessing.mean, std: m.preprocessing.std, resize: m.preprocessing.resize },
    training: m.training,
    metrics: m.metrics,
    trainingDomain: m.trainingDomain,
  };
  for (const key of Object.keys(ordered)) if (ordered[key] === undefined) delete ordered[key];
  return JSON.stringify(ordered, null, 2) + '\n';
}
