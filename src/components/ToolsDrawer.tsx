import { useState } from 'react';
import { EvidencePanel } from './tools/EvidencePanel';
import { ModelImportPanel } from './tools/ModelImportPanel';
import './tools/tools.css';

const TABS = [
  { id: 'model-import', label: 'Model import' },
  { id: 'evidence', label: 'Evidence' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * The tools drawer: bringing a model (files, folder, zip, URL, recent ones) and the evidence
 * studies on the current image. Each tab is its own feature with its own store (store/tools); the
 * panels stay mounted while hidden so that a running study keeps its view.
 */
export function ToolsDrawer() {
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<TabId>('model-import');
  return (
    <section className={`tools-drawer${open ? ' open' : ''}`} aria-label="Tools" data-testid="tools-drawer">
      <button type="button" className="tools-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="tools-toggle">
        {open ? 'Close tools' : 'Tools: model import, evidence'}
      </button>
      <div hidden={!open}>
        <div role="tablist" className="tools-tabs">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" id={`tools-tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`tools-panel-${t.id}`} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        {TABS.map((t) => (
          <div key={t.id} role="tabpanel" id={`tools-panel-${t.id}`} aria-labelledby={`tools-tab-${t.id}`} hidden={tab !== t.id}>
            {t.id === 'model-import' ? <ModelImportPanel /> : <EvidencePanel />}
          </div>
        ))}
      </div>
    </section>
  );
}
