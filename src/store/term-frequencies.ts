import type { Store } from "./types";

/** How many chunks contain each stemmed term, and how many chunks there are: the inputs of an IDF. */
export function readDocumentFrequencies(store: Store, stems: string[]): { chunks: number; frequencies: Map<string, number> } {
  const chunks = store.db.prepare("SELECT count(*) FROM chunks").pluck().get() as number;
  const select = store.db.prepare("SELECT doc FROM chunks_vocab WHERE term = ?").pluck();
  const frequencies = new Map<string, number>();
  for (const stem of new Set(stems)) frequencies.set(stem, (select.get(stem) as number | undefined) ?? 0);
  return { chunks, frequencies };
}
