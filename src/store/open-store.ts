import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readMeta, readStoredModel, writeMeta } from "./meta";
import { SCHEMA_VERSION, schemaSql } from "./schema";
import type { Store } from "./types";
import { StoreError } from "./store-error";
import { openVectorIndex, saveVectorIndex } from "./vector-index";
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
  return { db, dir, vectors };
}

/** Saves the HNSW cache if it changed. */
export function flushStore(store: Store): void {
  if (store.vectors) saveVectorIndex(store.vectors, store.dir);
}

export function closeStore(store: Store): void {
  flushStore(store);
  store.db.close();
}
