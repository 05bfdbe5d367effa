import type { ModelMetadata } from '../../core';
import { parseModelMetadata } from '../../core';
import type { ModelSummary } from '../../worker/protocol';
import { modelLoadErrorInfo } from '../../worker/protocol';

/**
 * The pure part of "Model import": the metadata form's draft and its validation, load errors as
 * one message that names the file (and explains CORS for URLs), the recent-models list.
 */

/** The inferred-metadata form, as the inputs hold it (text), one field per metadata field asked. */
export interface MetadataDraft {
  readonly id: string;
  readonly title: string;
  /** One class name per line (or separated by commas). */
  readonly classes: string;
  readonly head: ModelMetadata['head'];
  /** Per channel, as typed. */
  readonly mean: readonly string[];
  readonly std: readonly string[];
  readonly resize: ModelMetadata['preprocessing']['resize'];
}

export function draftFromMetadata(m: ModelMetadata): MetadataDraft {
  return {
    id: m.id,
    title: m.title,
    classes: m.classes.join('\n'),
    head: m.head,
    mean: m.preprocessing.mean.map(String),
    std: m.preprocessing.std.map(String),
    resize: m.preprocessing.resize,
  };
}

export function classNamesOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The draft applied to the metadata it started from; the error names every problem. */
export function metadataFromDraft(base: ModelMetadata, draft: MetadataDraft): { readonly metadata: ModelMetadata } | { readonly error: string } {
  const problems: string[] = [];
  const classes = classNamesOf(draft.classes);
  if (classes.length !== base.classes.length) problems.push(`the model has ${base.classes.length} outputs: give ${base.classes.length} class names (there are ${classes.length})`);
  const numbers = (values: readonly string[], name: string): number[] =>
    values.map((v, c) => {
      const n = Number(v.trim());
      if (v.trim() === '' || !Number.isFinite(n)) problems.push(`${name} of channel ${c + 1} is not a number: "${v}"`);
      return n;
    });
  const mean = numbers(draft.mean, 'mean');
  const std = numbers(draft.std, 'std');
  std.forEach((s, c) => {
    if (Number.isFinite(s) && !(s > 0)) problems.push(`std of channel ${c + 1} must be positive`);
  });
  if (problems.length) return { error: problems.join('; ') };
  try {
    const metadata = parseModelMetadata(
      { ...base, id: draft.id.trim(), title: draft.title.trim() || base.title, classes, head: draft.head, preprocessing: { ...base.preprocessing, mean, std, resize: draft.resize } },
      'the form',
    );
    return { metadata };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A load that failed: the problem, the file it is in, and what to do about it. */
export interface LoadProblem {
  readonly code: string;
  readonly message: string;
  /** What was being loaded: the file names or the URL. */
  readonly what: string;
  readonly hint: string | null;
}

export type LoadOrigin = { readonly kind: 'files'; readonly names: readonly string[] } | { readonly kind: 'url'; readonly url: string; readonly probe?: UrlProbe };

/** What fetching the URL from the page itself showed (only looked at after a failed load). */
export type UrlProbe = { readonly kind: 'network-error' } | { readonly kind: 'http'; readonly status: number } | { readonly kind: 'ok' };

export function filesLabel(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

export function describeLoadError(error: unknown, origin: LoadOrigin): LoadProblem {
  const info = modelLoadErrorInfo(error);
  const message = info?.message ?? (error instanceof Error ? error.message : String(error));
  const code = info?.code ?? 'error';
  const what = origin.kind === 'files' ? filesLabel(origin.names) : origin.url;
  let hint: string | null = null;
  if (origin.kind === 'url' && (code === 'fetch-failed' || /failed to fetch|networkerror|cors/i.test(message))) {
    const probe = origin.probe;
    if (probe?.kind === 'http') hint = `The server answered HTTP ${probe.status}: check the address.`;
    else
      hint =
        'The browser could not read the file. Most often the server does not allow other sites to read it (CORS: it must send Access-Control-Allow-Origin), or the address is wrong or offline. Download the files and open them here instead, or serve them with CORS enabled.';
  } else if (code === 'missing-shard' || code === 'shard-size') {
    hint = 'Give model.json together with every weight file its manifest lists, unchanged (a folder or a .zip of it).';
  } else if (code === 'foreign-format') {
    hint = 'Convert the model with tensorflowjs_converter first (see “Bring your own model”).';
  }
  return { code, message, what, hint };
}

/** A model the user opened, kept in IndexedDB with its files so one click reopens it. */
export interface RecentModel {
  /** `<metadata id>` (or the source) — one entry per model, the newest wins. */
  readonly key: string;
  readonly title: string;
  readonly savedAt: number;
  readonly source: { readonly kind: 'files'; readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }> } | { readonly kind: 'url'; readonly url: string };
  /** The metadata in use when saved (the form's, if it was applied). */
  readonly metadata: ModelMetadata | null;
  readonly totalBytes: number;
}

export const MAX_RECENT_MODELS = 8;

export function recentKeyOf(summary: Pick<ModelSummary, 'id'>, source: RecentModel['source']): string {
  return source.kind === 'url' ? `url:${source.url}` : `files:${summary.id}`;
}

/** The list after saving `entry`: newest first, one per key, at most `max`; returns also the keys dropped. */
export function withRecent(list: readonly RecentModel[], entry: RecentModel, max = MAX_RECENT_MODELS): { readonly list: RecentModel[]; readonly dropped: string[] } {
  const rest = list.filter((m) => m.key !== entry.key).sort((a, b) => b.savedAt - a.savedAt);
  const all = [entry, ...rest];
  return { list: all.slice(0, max), dropped: all.slice(max).map((m) => m.key) };
}

/** Files to reload a recent model: its files, with metadata.json replaced by the saved metadata. */
export function filesForReload(entry: RecentModel, serialize: (m: ModelMetadata) => string): Array<{ name: string; bytes: Uint8Array }> {
  if (entry.source.kind !== 'files') return [];
  const files = entry.source.files.filter((f) => !/(^|\/)metadata\.json$/i.test(f.name)).map((f) => ({ name: f.name, bytes: f.bytes }));
  const isZip = files.length === 1 && /\.zip$/i.test(files[0].name);
  if (entry.metadata && !isZip) files.push({ name: 'metadata.json', bytes: new TextEncoder().encode(serialize(entry.metadata)) });
  return files;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
