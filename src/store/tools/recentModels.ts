import type { RecentModel } from './modelImportLogic';

/** Where recent models live: IndexedDB in the browser, a Map in tests. */
export interface RecentModelStore {
  list(): Promise<RecentModel[]>;
  put(entry: RecentModel): Promise<void>;
  remove(key: string): Promise<void>;
}

export function memoryRecentModelStore(): RecentModelStore {
  const entries = new Map<string, RecentModel>();
  return {
    async list() {
      return [...entries.values()].sort((a, b) => b.savedAt - a.savedAt);
    },
    async put(entry) {
      entries.set(entry.key, entry);
    },
    async remove(key) {
      entries.delete(key);
    },
  };
}

const DB_NAME = 'ifim-viewer';
const STORE = 'recent-models';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Recent models in IndexedDB (the files' bytes as Uint8Arrays: structured clone keeps them).
 * Without IndexedDB (private windows of some browsers) the list lives for the page only.
 */
export function indexedDbRecentModelStore(): RecentModelStore {
  if (typeof indexedDB === 'undefined') return memoryRecentModelStore();
  let dbPromise: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> => {
    dbPromise ??= new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE, { keyPath: 'key' });
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('IndexedDB unavailable'));
    });
    return dbPromise;
  };
  const objectStore = async (mode: IDBTransactionMode): Promise<IDBObjectStore> => (await db()).transaction(STORE, mode).objectStore(STORE);
  return {
    async list() {
      const all = (await request((await objectStore('readonly')).getAll())) as RecentModel[];
      return all.sort((a, b) => b.savedAt - a.savedAt);
    },
    async put(entry) {
      await request((await objectStore('readwrite')).put(entry));
    },
    async remove(key) {
      await request((await objectStore('readwrite')).delete(key));
    },
  };
}
