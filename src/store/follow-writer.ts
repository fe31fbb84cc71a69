import { readDataVersion, refreshVectors } from "./open-store";
import type { Store } from "./types";

/**
 * Brings this process's HNSW cache in line with what other processes committed, adding and removing only the
 * vectors that changed. A reader first asks SQLite whether anything was committed since its last look (one
 * pragma); a writer checks the stored generation (one meta read).
 */
export function followWriter(store: Store): void {
  if (store.reader) {
    const version = readDataVersion(store.db);
    if (version === store.seenDataVersion) return;
    store.seenDataVersion = version;
  }
  refreshVectors(store);
}
