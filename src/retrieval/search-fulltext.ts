import { readDocumentFrequencies, searchFulltext as searchChunksFulltext, type ArticleFilter, type FulltextHit, type Store } from "../store";
import { stemOf, type ParsedQuery } from "./parse-query";

/**
 * A word in more than this share of the chunks adds little to BM25 (idf under 1.4, against 7-9 for the words that
 * find the passage) but makes FTS5 score every chunk it is in: scoring, not finding, is most of a broad query's
 * time (about 0.5 µs a matching chunk). Measured on 200 SQuAD questions over 100k chunks (2026-11-30): passage
 * R@10 0.890 keeping every word, 0.895 at 20%, 0.865 at 10%, 0.850 at 5%.
 */
const COMMON_WORD_SHARE = 0.2;

/**
 * A query whose words match more chunks than this in all is broad: its common words are dropped, and only the
 * chunks that hold its rarest words (about this many) are scored, by all the words kept. Measured on 200 SQuAD
 * questions over 100k chunks (2026-11-30), keyword side alone, CPU ms p50 / p95: 10.0 / 38 scoring every matching
 * chunk, 11.4 / 29.9 dropping only the common words, 5.7 / 12.5 at 5,000 (the first 10 hits unchanged for 183
 * questions of 200, passage R@10 0.890 in all three); 3,000 was no faster and changed more (175 unchanged).
 */
const SCORED_CHUNK_BUDGET = 5_000;
/** The rarest words are taken until they match at least this many chunks, so that a very rare word still leaves enough candidates. */
const MIN_CANDIDATE_CHUNKS = 1_000;

/** BM25 over chunk text and article title (SQLite FTS5). */
export function searchKeyword(store: Store, query: ParsedQuery, limit: number, filter: ArticleFilter): FulltextHit[] {
  if (!query.matchExpression) return [];
  const { scored, candidates } = planSearch(store, query.matchExpression);
  if (candidates === null) return searchChunksFulltext(store, scored, { limit, filter });
  const hits = searchChunksFulltext(store, scored, { limit, filter, within: candidates });
  // A filter can leave fewer chunks with the rare words than were asked for: then every matching chunk is scored.
  return hits.length < limit ? searchChunksFulltext(store, scored, { limit, filter }) : hits;
}

function quoted(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * What a broad query scores (its words less the very common ones) and which chunks it scores (those holding its
 * rarest words); a narrow query scores every chunk that holds any of its words (candidates null).
 */
function planSearch(store: Store, matchExpression: string): { scored: string; candidates: string | null } {
  const words = matchExpression.split(" OR ").map((word) => word.slice(1, -1).replace(/""/g, '"'));
  const { chunks, frequencies } = readDocumentFrequencies(store, words.map(stemOf));
  const counted = words.map((word) => ({ word, count: frequencies.get(stemOf(word)) ?? 0 }));
  if (counted.reduce((sum, { count }) => sum + count, 0) <= SCORED_CHUNK_BUDGET) return { scored: matchExpression, candidates: null };
  const rarest = Math.min(...counted.map(({ count }) => count));
  const kept = counted.filter(({ count }) => count <= COMMON_WORD_SHARE * chunks || count === rarest);
  const rare: string[] = [];
  let rareChunks = 0;
  for (const { word, count } of [...kept].sort((a, b) => a.count - b.count)) {
    if (rareChunks >= MIN_CANDIDATE_CHUNKS && rareChunks + count > SCORED_CHUNK_BUDGET) break;
    rare.push(word);
    rareChunks += count;
  }
  const scored = kept.map(({ word }) => quoted(word)).join(" OR ");
  if (rare.length === kept.length) return { scored, candidates: null };
  return { scored, candidates: rare.map(quoted).join(" OR ") };
}
