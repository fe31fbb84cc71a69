import { readStoredModel } from "./meta";
import { readDataVersion } from "./open-store";
import type { Store } from "./types";
import { catchUp, openVectorIndex } from "./vector-index";

/**
 * For a reader: brings its HNSW cache in line with what the writer process committed since the last call, adding
 * and removing only the vectors that changed. Costs one pragma when nothing changed (SQLite itself serves every
 * other read fresh; only the in-memory HNSW can fall behind).
 */
export function followWriter(store: Store): void {
  if (!store.reader) return;
  const version = readDataVersion(store.db);
  if (version === store.seenDataVersion) return;
  store.seenDataVersion = version;
  const stored = readStoredModel(store.db);
  if (!stored) {
    store.vectors = null;
    return;
  }
  const current = store.vectors;
  if (current && current.model === stored.model && current.dimensions === stored.dimensions) {
    if (current.generation !== stored.generation) catchUp(store.db, current, stored.generation);
    return;
  }
  // First vectors, or another model: load the writer's saved cache (caught up from the database) or build one.
  store.vectors = openVectorIndex(store.db, store.dir, stored, () => undefined);
}
