import type Database from "better-sqlite3";

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, compiled once: compiling costs 15-140 µs (the full-text query the
 * most), about 0.5 ms of each search at 100k chunks when every call compiled its own (2026-11-30). For the
 * statements a search runs on every question; each SQL text is fixed or one of a few shapes.
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
