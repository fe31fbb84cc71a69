import type Database from "better-sqlite3";
import { StoreError } from "./store-error";

/**
 * Tries of a write transaction that found the database locked. Each try already waits out the busy timeout
 * (5 s), so only a writer holding the lock for long (another ingest's model load is not a write) exhausts them.
 */
const WRITE_ATTEMPTS = 3;

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === "string" && (error as { code: string }).code.startsWith("SQLITE_BUSY");
}

/**
 * Runs `work` as an IMMEDIATE transaction: the write lock is taken at BEGIN, where SQLite waits for it (the
 * busy timeout). A deferred transaction that reads first fails at once in WAL mode when another process wrote
 * meanwhile (SQLITE_BUSY_SNAPSHOT). Inside another transaction it is a savepoint.
 */
export function writeTransaction<T>(db: Database.Database, work: () => T): T {
  const transaction = db.transaction(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return transaction.immediate();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (attempt >= WRITE_ATTEMPTS) {
        throw new StoreError(`the index ${db.name} stayed locked by another process writing to it; try again once that ingest or bot is done`);
      }
    }
  }
}
