import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readMeta, readStoredModel, writeMeta } from "./meta";
import { SCHEMA_VERSION, schemaSql } from "./schema";
import type { Store } from "./types";
import { damagedDatabaseError, explainDatabaseError, StoreError } from "./store-error";
import { migrateSchema } from "./migrate-schema";
import { catchUp, deleteSavedVectorIndex, openVectorIndex, saveVectorIndex } from "./vector-index";
import { writeTransaction } from "./write-transaction";

export const DATABASE_FILE = "newsdesk.db";

export { StoreError } from "./store-error";

/**
 * Creates `dir` and its missing parents one at a time: mkdirSync's own recursive mode never returns for a
 * path under /proc (it retries ENOENT forever).
 */
function makeFolder(dir: string): void {
  if (fs.existsSync(dir)) {
    // A file there would reach SQLite as "unable to open database file", naming neither the file nor INDEX_DIR.
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is a file`), { code: "ENOTDIR" });
    return;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolder(parent);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    // Another process made it meanwhile.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Opens (or creates) the index in `dir`: the SQLite database and, when vectors exist, the HNSW cache. */
export function openStore(dir: string, options: { onNotice?: (message: string) => void; reader?: boolean } = {}): Store {
  try {
    makeFolder(dir);
  } catch (error) {
    throw new StoreError(`INDEX_DIR ${dir} cannot be created (${(error as NodeJS.ErrnoException).code}); point INDEX_DIR at a writable folder`);
  }
  const file = path.join(dir, DATABASE_FILE);
  let db: Database.Database | null = null;
  try {
    const opened = new Database(file);
    db = opened;
    // WAL lets questions be answered while an ingest writes.
    opened.pragma("journal_mode = WAL");
    opened.pragma("synchronous = NORMAL");
    opened.pragma("foreign_keys = ON");
    opened.pragma("busy_timeout = 5000");
    const upgrade = writeTransaction(opened, () => {
      const version = readSchemaVersion(opened);
      if (version !== null && version > SCHEMA_VERSION) {
        throw new StoreError(`the index in ${dir} was written by a newer newsdesk (schema ${version}); upgrade newsdesk or use another INDEX_DIR`);
      }
      opened.exec(schemaSql);
      // Written only when it changes, so opening beside a busy writer does not wait on it longer than the schema check.
      if (version === SCHEMA_VERSION) return null;
      const changes = version === null ? null : migrateSchema(opened, version);
      writeMeta(opened, "schema_version", String(SCHEMA_VERSION));
      return changes;
    });
    if (upgrade) {
      options.onNotice?.(`upgraded the index in ${dir} to schema ${SCHEMA_VERSION} (${upgrade}); nothing was lost, rebuilding its vector cache`);
      compactAfterUpgrade(opened, dir, options.onNotice);
      // The saved cache holds the vectors as they were before; it is rebuilt from the database's new ones.
      deleteSavedVectorIndex(dir);
    }
    const vectors = openVectorIndex(opened, dir, readStoredModel(opened), (reason) => {
      if (!upgrade) options.onNotice?.(`${reason}; rebuilding it from the database`);
    });
    const store = { db: opened, dir, vectors, onNotice: options.onNotice };
    return options.reader ? { ...store, reader: true, seenDataVersion: readDataVersion(opened) } : store;
  } catch (error) {
    db?.close();
    throw explainDatabaseError(error, file);
  }
}

/** The schema the index was written with; null for a new database. An index from before the version was recorded is 1. */
function readSchemaVersion(db: Database.Database): number | null {
  const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const stored = hasTable("meta") ? readMeta(db, "schema_version") : null;
  if (stored !== null) return Number(stored);
  return hasTable("chunks") ? 1 : null;
}

/**
 * Gives back to the file system the pages an upgrade freed (VACUUM). The upgraded index is complete without it:
 * if it cannot run (another process is reading, the disk has no room for the copy VACUUM writes), the free pages
 * are reused by later ingests, and the notice says so.
 */
function compactAfterUpgrade(db: Database.Database, dir: string, onNotice?: (message: string) => void): void {
  try {
    db.exec("VACUUM");
  } catch (error) {
    onNotice?.(`could not compact the upgraded index in ${dir} (${(error as Error).message}); its free space is reused by later ingests`);
  }
}

/** Changes whenever another connection commits to the database (SQLite's own counter, per connection). */
export function readDataVersion(db: Database.Database): number {
  return db.pragma("data_version", { simple: true }) as number;
}

/**
 * Checks the whole database file (PRAGMA quick_check), for the long-running entry points: a damaged file
 * stops them with one line naming it and the way out, instead of failing every question later.
 */
export function checkStoreIntegrity(store: Store): void {
  const file = path.join(store.dir, DATABASE_FILE);
  let problems: string[];
  try {
    problems = (store.db.pragma("quick_check") as { quick_check: string }[]).map((row) => row.quick_check);
  } catch (error) {
    throw explainDatabaseError(error, file);
  }
  if (problems.length !== 1 || problems[0] !== "ok") throw damagedDatabaseError(file, problems[0] ?? "quick_check found problems");
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
    // The writer saves the cache; a reader's copy is caught up in memory only, so two processes never write the file.
    if (store.vectors && !store.reader) saveVectorIndex(store.vectors, store.dir);
  } catch (error) {
    store.onNotice?.(`could not save the vector index in ${store.dir} (${(error as Error).message}); it will be rebuilt from the database`);
  }
}

export function closeStore(store: Store): void {
  flushStore(store);
  store.db.close();
}
