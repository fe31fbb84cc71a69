import type Database from "better-sqlite3";
import { prepared } from "./prepared";
import type { Store } from "./types";

/**
 * The frequencies read since the index last changed, per connection. A common word's count is a walk of its whole
 * posting list in FTS5 (fts5vocab keeps no totals), and count(*) a walk of the chunks table: at 100k chunks about
 * 1 ms and up to 3 ms of a search (2026-11-30), spent again on every question for the same few common words.
 */
interface CachedFrequencies {
  /** `PRAGMA data_version` (other connections' commits) and total_changes() (this connection's own writes). */
  version: string;
  chunks: number;
  frequencies: Map<string, number>;
}

const cached = new WeakMap<Database.Database, CachedFrequencies>();

/** Words asked about are few, but a long-running bot should not keep every one it ever saw until the next ingest. */
const MAX_CACHED_TERMS = 50_000;

function indexVersion(db: Database.Database): string {
  return prepared(db, "SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()").pluck().get() as string;
}

function currentCache(db: Database.Database): CachedFrequencies {
  const version = indexVersion(db);
  const entry = cached.get(db);
  if (entry && entry.version === version && entry.frequencies.size < MAX_CACHED_TERMS) return entry;
  const fresh = { version, chunks: db.prepare("SELECT count(*) FROM chunks").pluck().get() as number, frequencies: new Map<string, number>() };
  cached.set(db, fresh);
  return fresh;
}

/** How many chunks contain each stemmed term, and how many chunks there are: the inputs of an IDF. */
export function readDocumentFrequencies(store: Store, stems: string[]): { chunks: number; frequencies: Map<string, number> } {
  const cache = currentCache(store.db);
  const select = prepared(store.db, "SELECT doc FROM chunks_vocab WHERE term = ?").pluck();
  const frequencies = new Map<string, number>();
  for (const stem of new Set(stems)) {
    let count = cache.frequencies.get(stem);
    if (count === undefined) {
      count = (select.get(stem) as number | undefined) ?? 0;
      cache.frequencies.set(stem, count);
    }
    frequencies.set(stem, count);
  }
  return { chunks: cache.chunks, frequencies };
}
