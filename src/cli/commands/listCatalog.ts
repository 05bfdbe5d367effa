import { listBundledModels, listBundledSamples } from '../catalog';

export async function modelsCommand(json: boolean): Promise<string> {
  const models = await listBundledModels();
  const rows = models.map((m) => ({
    id: m.id,
    title: m.title,
    task: m.task?.id ?? null,
    architecture: m.architecture ?? null,
    head: m.head,
    classes: m.classes,
    input: m.input,
    accuracy: m.metrics?.accuracy ?? null,
  }));
  if (json) return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return 'no bundled models found under public/models/';
  return rows.map((r) => `${r.id.padEnd(22)} ${r.title}  [${r.head}, ${r.classes.length} classes, ${r.input.height}×${r.input.width}×${r.input.channels}]`).join('\n');
}

export async function samplesCommand(json: boolean): Promise<string> {
  const samples = await listBundledSamples();
  if (json) return JSON.stringify(samples, null, 2);
  if (samples.length === 0) return 'no bundled samples found under public/samples/';
  return samples.map((s) => `${s.id.padEnd(28)} ${(s.task ?? '').padEnd(10)} ${s.title}`).join('\n');
}
