import type { IntensityPolicy } from '../store';
import { activeWindow } from '../store';
import { formatValue } from './format';
import { useAppStore, useStoreApi } from './storeContext';

/**
 * What the file is, collapsed by default: format, size, bits, photometric interpretation,
 * transfer syntax, pixel spacing; the frame picker of a multi-frame file; how its values become
 * the model's input. Patient-identifying tags sit in a separate section of their own, closed,
 * and are never logged or exported.
 */
export function ImageInfoPanel() {
  const store = useStoreApi();
  const image = useAppStore((s) => s.image);
  const window = useAppStore(activeWindow);
  if (!image) return null;
  const s = store.getState();
  const d = image.decoded;
  const rows: [string, string][] = [];
  let patientRows: [string, string][] = [];
  if (d.kind === 'raster') {
    rows.push(['Format', d.format.toUpperCase()], ['Size', `${d.image.width} × ${d.image.height}`], ['Channels', d.image.channels === 3 ? '3 (RGB)' : '1 (gray)'], ['Bits', String(d.image.bitDepth)]);
  } else {
    const m = d.dicom;
    rows.push(
      ['Format', 'DICOM'],
      ['Modality', m.modality ?? '—'],
      ['Size', `${m.width} × ${m.height}${m.frames > 1 ? ` × ${m.frames} frames` : ''}`],
      ['Bits', `${m.bitsStored} stored / ${m.bitsAllocated} allocated, ${m.pixelRepresentation ? 'signed' : 'unsigned'}`],
      ['Photometric interpretation', m.photometricInterpretation],
      ['Transfer syntax', `${m.transferSyntaxName} (${m.transferSyntaxUid})`],
      ['Pixel spacing', m.pixelSpacing ? `${formatValue(m.pixelSpacing[0])} × ${formatValue(m.pixelSpacing[1])} mm` : '—'],
      ['Rescale', `× ${formatValue(m.rescaleSlope)} + ${formatValue(m.rescaleIntercept)}${m.tags.rescaleType ? ` (${m.tags.rescaleType})` : ''}`],
    );
    if (m.tags.sopClassName) rows.push(['SOP class', m.tags.sopClassName]);
    if (m.tags.bodyPartExamined) rows.push(['Body part', m.tags.bodyPartExamined]);
    if (m.tags.seriesDescription) rows.push(['Series', m.tags.seriesDescription]);
    if (m.windowPresets.length) rows.push(['File windows', m.windowPresets.map((p) => `${p.explanation ? `${p.explanation} ` : ''}W ${formatValue(p.width)} / L ${formatValue(p.center)}`).join('; ')]);
    if (m.notes.length) rows.push(['Notes', m.notes.join('; ')]);
    patientRows = Object.entries(m.patientTags ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);
  }
  const dicom = d.kind === 'dicom' ? d.dicom : null;
  const policyText = (p: IntensityPolicy | null): string =>
    !p ? 'the file’s default (as the command line)' : p.kind === 'window' ? `window W ${formatValue(p.width)} / L ${formatValue(p.center)}` : p.kind;
  return (
    <details className="panel info-panel" data-testid="image-info">
      <summary>
        <span className="panel-title">Image information</span> <span className="muted">({rows[1]?.[1] ?? ''})</span>
      </summary>
      <dl className="facts" data-testid="image-tags">
        {rows.map(([k, v]) => (
          <div className="fact" key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {dicom ? (
        <div className="model-intensity">
          <p className="muted">The model is fed this file through {policyText(image.modelIntensity)}.</p>
          <div className="button-row">
            <button
              type="button"
              disabled={!window || dicom.channels !== 1}
              onClick={() => window && void s.setModelIntensity({ kind: 'window', center: (window.low + window.high) / 2, width: window.high - window.low })}
              title="Analyse again with the display window as the model's intensity mapping"
            >
              Feed the model this window
            </button>
            <button type="button" disabled={image.modelIntensity === null} onClick={() => void s.setModelIntensity(null)}>
              Back to the file’s default
            </button>
          </div>
        </div>
      ) : null}
      {dicom ? (
        <details className="patient-tags" data-testid="patient-tags">
          <summary>Patient-identifying tags ({patientRows.length})</summary>
          <p className="muted">Shown only here, on request. They are never logged, exported or sent anywhere.</p>
          {patientRows.length ? (
            <dl className="facts">
              {patientRows.map(([k, v]) => (
                <div className="fact" key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">none in this file</p>
          )}
        </details>
      ) : null}
    </details>
  );
}
