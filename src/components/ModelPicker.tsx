import { useMemo } from 'react';
import type { ModelEntry } from '../store';
import { useAppStore } from './storeContext';

function groupByTask(models: readonly ModelEntry[]): Array<[string, ModelEntry[]]> {
  const groups = new Map<string, ModelEntry[]>();
  for (const m of models) {
    const task = m.task ?? 'other';
    if (!groups.has(task)) groups.set(task, []);
    groups.get(task)?.push(m);
  }
  return [...groups.entries()];
}

/** The bundled models, grouped by the imaging task each was trained on. */
export function ModelPicker() {
  const catalog = useAppStore((s) => s.modelCatalog);
  const modelId = useAppStore((s) => s.modelId);
  const selectModel = useAppStore((s) => s.selectModel);
  const groups = useMemo(() => groupByTask(catalog), [catalog]);
  const listed = catalog.some((m) => m.id === modelId);
  const fileTitle = useAppStore((s) => (s.model?.id.startsWith('file:') ? s.model.summary.title : null));
  return (
    <label className="field">
      <span className="field-label">Model</span>
      <select data-testid="model-picker" value={modelId ?? ''} onChange={(e) => void selectModel(e.target.value)}>
        <option value="" disabled>
          {catalog.length ? 'choose a model…' : 'no models listed'}
        </option>
        {modelId && !listed ? <option value={modelId}>{fileTitle ? `your model: ${fileTitle}` : modelId}</option> : null}
        {groups.map(([task, models]) => (
          <optgroup key={task} label={task}>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
