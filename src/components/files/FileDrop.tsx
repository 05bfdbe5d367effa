import { useEffect, useRef, useState } from 'react';
import { filesFromDataTransfer, openFiles } from './openFiles';
import { useStoreApi } from '../storeContext';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/bmp,image/gif,.dcm,.dicom,application/dicom,.json,.bin,.zip';

/**
 * The whole window accepts dropped files (images, DICOM, model files, folders); a hidden file
 * input serves the "Open…" button, keyboard users and tests. Files are read in the browser only.
 */
export function FileDrop() {
  const store = useStoreApi();
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    };
    const onOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent): void => {
      if (!e.dataTransfer) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      void filesFromDataTransfer(e.dataTransfer).then((files) => openFiles(store, files));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return dragging ? (
    <div className="drop-overlay" aria-hidden="true">
      <p>Drop an image (PNG, JPEG, WebP, BMP, GIF, DICOM) or model files. Nothing leaves this browser.</p>
    </div>
  ) : null;
}

/** A visible button for the hidden file input. */
export function OpenFileButton() {
  const store = useStoreApi();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Open an image (PNG, JPEG, WebP, BMP, GIF, DICOM) or model files; or drop them anywhere on the page">
        Open…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPT}
        data-testid="file-input"
        aria-label="Open image or model files"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void openFiles(store, files);
        }}
      />
    </>
  );
}
