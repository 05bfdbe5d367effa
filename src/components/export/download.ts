/**
 * Saves a blob as a file: an object URL on this page (blob:, never a request to anywhere) and a
 * temporary link with the download attribute.
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** File-name-safe: letters, digits, dot, dash, underscore. */
export function safeName(text: string): string {
  return text.replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'image';
}
