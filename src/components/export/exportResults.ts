import { zipSync } from 'fflate';
import type { AnalysisResultJson, AppStore } from '../../store';
import { EXPORT_FILES, analysisNpyFiles, analysisResultJson, effectiveK } from '../../store';
import { beyondNpyFiles, beyondResultFields } from '../../store/beyond/beyondExport';
import { volumeSliceOf } from '../../store/volume/volumeView';
import { downloadBlob, safeName } from './download';

/**
 * The analysis in the CLI's format (`ifim analyze`): result.json, eigenvectors.npy, or both with
 * the other arrays (input, x_high, x_low) in one zip.
 */
export type ResultExport = 'json' | 'eigenvectors' | 'zip';

function resultOf(store: AppStore): { json: AnalysisResultJson; npy: Record<string, Uint8Array>; base: string } | null {
  const s = store.getState();
  const p = s.payload;
  if (!p || !s.model || !s.image) return null;
  const k = effectiveK(s);
  const slice = volumeSliceOf(s.image);
  const json = {
    ...analysisResultJson(p, {
      model: s.model.summary,
      image: { source: s.image.name, width: s.image.data.width, height: s.image.data.height, channels: s.image.data.channels, bitDepth: s.image.data.bitDepth, ...(slice ? { slice } : {}) },
      backend: s.backend?.name ?? 'unknown',
      k,
    }),
    ...beyondResultFields(s),
  };
  // A region analysis adds roi-mask.npy and roi-eigenvectors.npy, named in `files` as the CLI does.
  const beyond = beyondNpyFiles(s);
  const withFiles = { ...json, files: { ...json.files, ...beyond.fileNames } };
  return { json: withFiles, npy: { ...analysisNpyFiles(p, k), ...beyond.files }, base: `ifim-${safeName(s.model.id)}-${safeName(s.image.name)}` };
}

export function exportResults(store: AppStore, kind: ResultExport): string | null {
  const result = resultOf(store);
  if (!result) {
    store.getState().notify('warning', 'Nothing to export yet: run an analysis first.');
    return null;
  }
  const jsonText = JSON.stringify(result.json, null, 2) + '\n';
  if (kind === 'json') {
    const filename = `${result.base}-result.json`;
    downloadBlob(new Blob([jsonText], { type: 'application/json' }), filename);
    return filename;
  }
  if (kind === 'eigenvectors') {
    const filename = `${result.base}-${EXPORT_FILES.eigenvectors}`;
    downloadBlob(new Blob([result.npy[EXPORT_FILES.eigenvectors] as BlobPart], { type: 'application/octet-stream' }), filename);
    return filename;
  }
  const files: Record<string, Uint8Array> = { 'result.json': new TextEncoder().encode(jsonText), ...result.npy };
  const filename = `${result.base}.zip`;
  downloadBlob(new Blob([zipSync(files, { level: 6 }) as BlobPart], { type: 'application/zip' }), filename);
  return filename;
}
