/**
 * The two catalogs the page offers: `public/models/index.json` and `public/samples/index.json`,
 * both written by the training and sample scripts. Parsed leniently: an entry without an id is
 * skipped, unknown fields are kept for later views.
 */
export interface ModelEntry {
  readonly id: string;
  readonly title: string;
  readonly task: string | null;
  readonly [extra: string]: unknown;
}

export interface SampleEntry {
  readonly id: string;
  readonly title: string;
  readonly task: string | null;
  /** Relative to the site root (public/), e.g. `samples/lumpy-ske/0001.png`. */
  readonly path: string;
  readonly groundTruth: unknown;
}

type Json = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function entries(json: unknown, source: string): Json[] {
  if (!Array.isArray(json)) throw new Error(`${source} should hold a JSON array`);
  return json.filter((e): e is Json => typeof e === 'object' && e !== null && text((e as Json).id) !== null);
}

export function parseModelCatalog(json: unknown, source = 'models/index.json'): ModelEntry[] {
  return entries(json, source).map((e) => ({ ...e, id: e.id as string, title: text(e.title) ?? (e.id as string), task: taskId(e.task) }));
}

export function parseSampleCatalog(json: unknown, source = 'samples/index.json'): SampleEntry[] {
  return entries(json, source)
    .filter((e) => text(e.path) !== null)
    .map((e) => ({ id: e.id as string, title: text(e.title) ?? (e.id as string), task: taskId(e.task), path: e.path as string, groundTruth: e.groundTruth ?? null }));
}

/** `task` is a string id or an object with an id (as in metadata.json). */
function taskId(task: unknown): string | null {
  if (typeof task === 'string') return task;
  if (typeof task === 'object' && task !== null) return text((task as Json).id);
  return null;
}

/** Fetches a catalog; a missing file (404) is an empty catalog, not an error. */
export async function fetchCatalog<T>(url: string, parse: (json: unknown, source: string) => T[], fetchImpl: typeof fetch): Promise<T[]> {
  const response = await fetchImpl(url);
  // A static host's SPA fallback answers a missing file with index.html: that is missing too.
  if (response.status === 404 || (response.headers.get('content-type') ?? '').includes('text/html')) return [];
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new Error(`${url} is not valid JSON`);
  }
  return parse(json, url);
}
