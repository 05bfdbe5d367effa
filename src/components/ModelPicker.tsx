import { useAppStore } from '../store';

export function ModelPicker() {
  const catalog = useAppStore((s) => s.modelCatalog);
  const modelId = useAppStore((s) => s.modelId);
  const selectModel = useAppStore((s) => s.selectModel);
  const listed = catalog.some((m) => m.id === modelId);
  return (
    <label className="field">
      <span className="field-label">Model</span>
      <select data-testid="model-picker" value={modelId ?? ''} onChange={(e) => void selectModel(e.target.value)}>
        <option value="" disabled>
          {catalog.length ? 'choose a model…' : 'no models listed'}
        </option>
        {modelId && !listed ? <option value={modelId}>{modelId}</option> : null}
        {catalog.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}
            {m.task ? ` — ${m.task}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
