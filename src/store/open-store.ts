import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readMeta, readStoredModel, writeMeta } from "./meta";
import { SCHEMA_VERSION, schemaSql } from "./schema";
import type { Store } from "./types";
import { openVectorIndex, saveVectorIndex } from "./vector-index";

export const DATABASE_FILE = "newsdesk.db";

export class StoreError extends Error {}

/** Opens (or creates) the index in `dir`: the SQLite database and, when vectors exist, the HNSW cache. */
export function openStore(dir: string, options: { onNotice?: (message: string) => void; reader?: boolean } = {}): Store {
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
  db.exec(schemaSql);
  const version = readMeta(db, "schema_version");
  if (version !== null && Number(version) > SCHEMA_VERSION) {
    db.close();
    throw new StoreError(`the index in ${dir} was written by a newer newsdesk (schema ${version}); upgrade newsdesk or use another INDEX_DIR`);
  }
  // Written only when it changes: a reader opening beside a busy writer should not wait for the write lock.
  if (version !== String(SCHEMA_VERSION)) writeMeta(db, "schema_version", String(SCHEMA_VERSION));
  const vectors = openVectorIndex(db, dir, readStoredModel(db), (reason) =>
    options.onNotice?.(`${reason}; rebuilding it from the database`),
  );
  return options.reader ? { db, dir, vectors, reader: true, seenDataVersion: readDataVersion(db) } : { db, dir, vectors };
}

/** Changes whenever another connection commits to the database (SQLite's own counter, per connection). */
export function readDataVersion(db: Database.Database): number {
  return db.pragma("data_version", { simple: true }) as number;
}

/** Saves the HNSW cache if it changed. */
export function flushStore(store: Store): void {
  // The writer saves the cache; a reader's copy is caught up in memory only, so two processes never write the file.
  if (store.vectors && !store.reader) saveVectorIndex(store.vectors, store.dir);
}

export function closeStore(store: Store): void {
  flushStore(store);
  store.db.close();
}
