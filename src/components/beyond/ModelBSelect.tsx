import type { ModelEntry } from '../../store';
import { useAppStore, useStoreApi } from '../storeContext';

/** A catalog entry's model input (index.json's `input`), as H×W×C, or null when it does not say. */
export function catalogInputShape(entry: ModelEntry): string | null {
  const input = entry.input as { height?: unknown; width?: unknown; channels?: unknown } | undefined;
  if (!input || typeof input.height !== 'number' || typeof input.width !== 'number' || typeof input.channels !== 'number') return null;
  return `${input.height}×${input.width}×${input.channels}`;
}

/**
 * Model B of a two-model comparison on the current image, from the demo models. A model that takes
 * another input size is listed but cannot be chosen, and says why: principal angles compare
 * directions in one input space.
 */
export function ModelBSelect() {
  const store = useStoreApi();
  const catalog = useAppStore((s) => s.modelCatalog);
  const modelA = useAppStore((s) => s.model);
  const chosen = useAppStore((s) => s.compareDraft.modelB);
  const shapeA = modelA ? modelA.summary.inputShape.join('×') : null;
  const others = catalog.filter((m) => m.id !== modelA?.id);
  const mismatched = others.filter((m) => shapeA !== null && catalogInputShape(m) !== null && catalogInputShape(m) !== shapeA);
  return (
    <>
      <label>
        model B{' '}
        <select data-testid="compare-model-b" value={chosen} onChange={(e) => store.getState().setCompareDraft({ modelB: e.target.value })}>
          <option value="">the same model (A)</option>
          {others.map((m) => {
            const shape = catalogInputShape(m);
            const differs = shapeA !== null && shape !== null && shape !== shapeA;
            return (
              <option key={m.id} value={m.id} disabled={differs}>
                {m.title}
                {shape ? ` (${shape})` : ''}
                {differs ? ' — another input size' : ''}
              </option>
            );
          })}
        </select>
      </label>
      {mismatched.length > 0 && shapeA ? (
        <span className="beyond-note" data-testid="compare-model-b-note">
          Only models that take A’s input ({shapeA}) can be B: principal angles compare directions in one input space ({mismatched.map((m) => m.title).join(', ')} take another size).
        </span>
      ) : null}
    </>
  );
}
