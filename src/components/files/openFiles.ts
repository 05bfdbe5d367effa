import type { AppStore } from '../../store';
import { routeDroppedFiles } from '../../store';

/**
 * Dropped or picked files → the loaders: model files to the model seam, the first image to the
 * image loader (it sniffs the bytes and names the problem when a file is no image).
 */
export async function openFiles(store: AppStore, files: readonly File[]): Promise<void> {
  if (files.length === 0) return;
  const withPaths = files.map((file) => ({ file, name: file.name, type: file.type }));
  const { model, images } = routeDroppedFiles(withPaths);
  const s = store.getState();
  if (model.length) await s.onModelFilesDropped(model.map((m) => m.file));
  if (images.length) {
    if (images.length > 1) s.notify('info', `${images.length} images were dropped; showing the first, ${images[0].name}.`);
    await s.loadImageFile(images[0].file);
  }
}

/** The files of a drop, folders included (walked through the entries API where the browser has it). */
export async function filesFromDataTransfer(dataTransfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(dataTransfer.items ?? [])
    .map((item) => (item.kind === 'file' && typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return Array.from(dataTransfer.files ?? []);
  const out: File[] = [];
  await Promise.all(entries.map((e) => walk(e, out)));
  return out;
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in batches; an empty batch is the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    await Promise.all(batch.map((e) => walk(e, out)));
  }
}
