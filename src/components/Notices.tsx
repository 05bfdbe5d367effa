import { useAppStore, useStoreApi } from './storeContext';

/** Notices that do not stop anything (a file that could not be opened, a cancelled analysis). */
export function Notices() {
  const store = useStoreApi();
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" data-testid="notices">
      {notices.map((n) => (
        <li key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss this notice" onClick={() => store.getState().dismissNotice(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
