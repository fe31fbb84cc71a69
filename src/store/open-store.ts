import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readMeta, readStoredModel, writeMeta } from "./meta";
import { SCHEMA_VERSION, schemaSql } from "./schema";
import type { Store } from "./types";
import { StoreError } from "./store-error";
import { catchUp, openVectorIndex, saveVectorIndex } from "./vector-index";
import { writeTransaction } from "./write-transaction";

export const DATABASE_FILE = "newsdesk.db";

export { StoreError } from "./store-error";

/** Opens (or creates) the index in `dir`: the SQLite database and, when vectors exist, the HNSW cache. */
export function openStore(dir: string, options: { onNotice?: (message: string) => void } = {}): Store {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StoreError(`INDEX_DIR ${dir} cannot be created (${(error as NodeJS.ErrnoException).code}); point INDEX_DIR at a writable folder`);
  }
  const db = new Database(path.join(dir, DATABASE_FILE));
  // WAL lets questions be answered while an ingest writes.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const version = writeTransaction(db, () => {
    db.exec(schemaSql);
    const stored = readMeta(db, "schema_version");
    if (stored === null || Number(stored) <= SCHEMA_VERSION) writeMeta(db, "schema_version", String(SCHEMA_VERSION));
    return stored;
  });
  if (version !== null && Number(version) > SCHEMA_VERSION) {
    db.close();
    throw new StoreError(`the index in ${dir} was written by a newer newsdesk (schema ${version}); upgrade newsdesk or use another INDEX_DIR`);
  }
  const vectors = openVectorIndex(db, dir, readStoredModel(db), (reason) =>
    options.onNotice?.(`${reason}; rebuilding it from the database`),
  );
  return { db, dir, vectors, onNotice: options.onNotice };
}

/**
 * Brings this process's HNSW cache up to what the database holds, when another process (an ingest beside the
 * bot, the bot's watcher beside an ingest) changed the vectors since: one meta read when nothing changed.
 */
export function refreshVectors(store: Store): void {
  const stored = readStoredModel(store.db);
  if (!stored) {
    store.vectors = null;
    return;
  }
  if (!store.vectors || store.vectors.model !== stored.model || store.vectors.dimensions !== stored.dimensions) {
    store.vectors = openVectorIndex(store.db, store.dir, stored, (reason) => store.onNotice?.(`${reason}; rebuilding it from the database`));
  } else if (store.vectors.generation !== stored.generation) {
    catchUp(store.db, store.vectors, stored.generation);
  }
}

/**
 * Saves the HNSW cache if it changed, after taking in what other processes stored, so the saved file holds
 * every change up to the generation it records. The cache is rebuilt from the database whenever it is lost,
 * so a failed save is a notice, never an error of the command that saves.
 */
export function flushStore(store: Store): void {
  try {
    refreshVectors(store);
    if (store.vectors) saveVectorIndex(store.vectors, store.dir);
  } catch (error) {
    store.onNotice?.(`could not save the vector index in ${store.dir} (${(error as Error).message}); it will be rebuilt from the database`);
  }
}

export function closeStore(store: Store): void {
  flushStore(store);
  store.db.close();
}
