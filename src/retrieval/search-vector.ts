import type { Embedder } from "../embeddings/types";
import { chunkRowidsMatching, refreshVectors, searchVectors, type ArticleFilter, type Store } from "../store";
import type { RankedList } from "./types";

function isFiltered(filter: ArticleFilter): boolean {
  return Boolean(filter.since || filter.until || filter.source);
}

/** Nearest chunks to the query embedding in the HNSW cache, restricted to the filter's articles. */
export async function searchDense(store: Store, embedder: Embedder, text: string, limit: number, filter: ArticleFilter): Promise<RankedList> {
  // Vectors another process stored since (an ingest beside the bot) are found too.
  refreshVectors(store);
  if (!store.vectors || store.vectors.model !== embedder.model || text.trim() === "") return [];
  const [vector] = await embedder.embed([text], "query");
  const allowed = isFiltered(filter) ? chunkRowidsMatching(store, filter) : null;
  if (allowed && allowed.size === 0) return [];
  const deleted = store.vectors.deleted;
  const accept = allowed ? (label: number) => allowed.has(label) && !deleted.has(label) : undefined;
  return searchVectors(store.vectors, vector!, limit, accept).map(({ label, similarity }) => ({ rowid: label, score: similarity }));
}
