import type Database from "better-sqlite3";
import { vectorToBlob } from "./vector-index";

/** Vectors re-encoded per statement: the migration reads a page, then writes it back. */
const PAGE_ROWS = 1000;

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).some((info) => info.name === column);
}

/**
 * Version 1 kept each chunk's text beside the article's text it is a slice of, and float32 vectors: the text column
 * goes (chunks are read back as slices of their article), the vectors become float16 (vector-index.ts). Runs inside
 * the transaction that opens the store: a crash leaves version 1 as it was.
 */
function fromVersion1(db: Database.Database): void {
  if (hasColumn(db, "chunks", "text")) db.exec("ALTER TABLE chunks DROP COLUMN text");
  const selectPage = db.prepare("SELECT rowid, embedding FROM chunks WHERE rowid > ? AND embedding IS NOT NULL ORDER BY rowid LIMIT ?");
  const update = db.prepare("UPDATE chunks SET embedding = ? WHERE rowid = ?");
  for (let after = 0; ; ) {
    const page = selectPage.all(after, PAGE_ROWS) as { rowid: number; embedding: Buffer }[];
    if (page.length === 0) break;
    for (const { rowid, embedding } of page) {
      // An aligned copy: the Buffer may be a view at an odd offset of a pooled allocation.
      update.run(vectorToBlob(new Float32Array(new Uint8Array(embedding).buffer)), rowid);
    }
    after = page.at(-1)!.rowid;
  }
}

/**
 * Brings an index written by an older newsdesk (schema `from`) to the current schema, in the caller's transaction.
 * Returns what changed, in words for the notice. Articles, copies and every other table are kept as they are.
 */
export function migrateSchema(db: Database.Database, from: number): string {
  if (from < 2) fromVersion1(db);
  return "chunks now point into their article's text instead of copying it, vectors are stored as float16";
}
