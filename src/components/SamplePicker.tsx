import { useMemo } from 'react';
import type { SampleEntry } from '../store';
import { useAppStore } from './storeContext';

/** The model's task, from the catalog or its metadata, to put matching samples first. */
function useModelTask(): string | null {
  const modelId = useAppStore((s) => s.modelId);
  const fromCatalog = useAppStore((s) => s.modelCatalog.find((m) => m.id === modelId)?.task ?? null);
  const fromMetadata = useAppStore((s) => s.model?.summary.metadata?.task?.id ?? null);
  return fromCatalog ?? fromMetadata;
}

function groupByTask(samples: readonly SampleEntry[], firstTask: string | null): Array<[string, SampleEntry[]]> {
  const groups = new Map<string, SampleEntry[]>();
  for (const s of samples) {
    const task = s.task ?? 'other';
    if (!groups.has(task)) groups.set(task, []);
    groups.get(task)?.push(s);
  }
  // Plain code-unit order: task ids are ASCII, and localeCompare's first call builds a collator.
  return [...groups.entries()].sort(([a], [b]) => Number(b === firstTask) - Number(a === firstTask) || (a < b ? -1 : a > b ? 1 : 0));
}

export function SamplePicker() {
  const catalog = useAppStore((s) => s.sampleCatalog);
  const sampleId = useAppStore((s) => s.sampleId);
  const selectSample = useAppStore((s) => s.selectSample);
  const task = useModelTask();
  const groups = useMemo(() => groupByTask(catalog, task), [catalog, task]);
  const listed = catalog.some((s) => s.id === sampleId);
  const fileName = useAppStore((s) => (s.image?.source.kind === 'file' ? s.image.name : null));
  return (
    <label className="field">
      <span className="field-label">Sample image</span>
      <select data-testid="sample-picker" value={sampleId ?? ''} onChange={(e) => void selectSample(e.target.value)}>
        <option value="" disabled>
          {fileName ? `your file: ${fileName}` : catalog.length ? 'choose a sample…' : 'no samples listed'}
        </option>
        {sampleId && !listed ? <option value={sampleId}>{sampleId}</option> : null}
        {groups.map(([groupTask, samples]) => (
          <optgroup key={groupTask} label={groupTask === task ? `${groupTask} (this model's task)` : groupTask}>
            {samples.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
