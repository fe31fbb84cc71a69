import type Database from "better-sqlite3";

/** Small key/value state kept in the database (model, vector generation, last ingest, bot state). */
export function readMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Database.Database, key: string, value: string | null): void {
  if (value === null) db.prepare("DELETE FROM meta WHERE key = ?").run(key);
  else db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
}

/** The model whose vectors the database holds, or null when it holds none. */
export function readStoredModel(db: Database.Database): { model: string; dimensions: number; generation: number } | null {
  const model = readMeta(db, "model");
  const dimensions = Number(readMeta(db, "dimensions"));
  if (!model || !dimensions) return null;
  return { model, dimensions, generation: readVectorGeneration(db) };
}

export function readVectorGeneration(db: Database.Database): number {
  return Number(readMeta(db, "vector_generation") ?? 0);
}

/** Bumped in the same transaction as any vector change, so the HNSW cache can tell it is behind. */
export function bumpVectorGeneration(db: Database.Database): number {
  const next = readVectorGeneration(db) + 1;
  writeMeta(db, "vector_generation", String(next));
  return next;
}
