import { bumpVectorGeneration, writeMeta } from "./meta";
import type { Store } from "./types";
import { addVectors, blobToVector, catchUp, createVectorIndex, deleteSavedVectorIndex, needsCompaction, rebuildVectorIndex, vectorToBlob } from "./vector-index";
import { writeTransaction } from "./write-transaction";

/** Forgets every stored vector (the model changed): chunks stay, and get re-embedded by the next ingest. */
export function clearVectors(store: Store): void {
  writeTransaction(store.db, () => {
    store.db.exec("UPDATE chunks SET embedding = NULL");
    writeMeta(store.db, "model", null);
    writeMeta(store.db, "dimensions", null);
    bumpVectorGeneration(store.db);
  });
  store.vectors = null;
  deleteSavedVectorIndex(store.dir);
}

export interface ChunkToEmbed {
  rowid: number;
  text: string;
  title: string;
  published: string | null;
}

export function countChunksWithoutVectors(store: Store): number {
  return store.db.prepare("SELECT count(*) FROM chunks WHERE embedding IS NULL").pluck().get() as number;
}

/** Chunks stored keyword-only, oldest first, for backfilling once a model is available. */
export function listChunksWithoutVectors(store: Store, limit: number): ChunkToEmbed[] {
  const rows = store.db
    .prepare(
      `SELECT c.rowid AS rowid, c.start AS start, c.end AS end, a.text AS articleText, a.title AS title, a.published AS published
       FROM chunks c JOIN articles a ON a.rowid = c.article_rowid
       WHERE c.embedding IS NULL ORDER BY c.rowid LIMIT ?`,
    )
    .all(limit) as (Omit<ChunkToEmbed, "text"> & { start: number; end: number; articleText: string })[];
  return rows.map(({ rowid, start, end, articleText, title, published }) => ({ rowid, text: articleText.slice(start, end), title, published }));
}

/** Stores vectors for existing chunks in one transaction and mirrors them into the HNSW cache. */
export function storeChunkVectors(store: Store, model: string, entries: { rowid: number; vector: Float32Array }[]): void {
  if (entries.length === 0) return;
  let generation = 0;
  const stored = entries.map(({ rowid, vector }) => ({ rowid, blob: vectorToBlob(vector) }));
  writeTransaction(store.db, () => {
    const update = store.db.prepare("UPDATE chunks SET embedding = ? WHERE rowid = ?");
    for (const { rowid, blob } of stored) update.run(blob, rowid);
    writeMeta(store.db, "model", model);
    writeMeta(store.db, "dimensions", String(entries[0]!.vector.length));
    generation = bumpVectorGeneration(store.db);
  });
  // A cache made here knows nothing yet: marked current, it is caught up with any vectors other processes stored.
  store.vectors ??= createVectorIndex(model, entries[0]!.vector.length, entries.length, generation);
  const missedChanges = store.vectors.generation !== generation - 1;
  addVectors(
    store.vectors,
    stored.map(({ rowid, blob }) => ({ label: rowid, vector: blobToVector(blob) })),
  );
  if (missedChanges) catchUp(store.db, store.vectors, generation);
  store.vectors.generation = generation;
}

/** Rebuilds the HNSW cache when deletions have piled up (hnswlib only marks them). */
export function compactVectorsIfNeeded(store: Store): boolean {
  if (!store.vectors || !needsCompaction(store.vectors)) return false;
  const { model, dimensions, generation } = store.vectors;
  store.vectors = rebuildVectorIndex(store.db, model, dimensions, generation);
  return true;
}

export function readChunkVector(store: Store, rowid: number): Float32Array | null {
  const blob = store.db.prepare("SELECT embedding FROM chunks WHERE rowid = ?").pluck().get(rowid) as Buffer | null | undefined;
  return blob ? blobToVector(blob) : null;
}
