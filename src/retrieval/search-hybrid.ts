import type { Embedder } from "../embeddings/types";
import { getArticlesByRowid, getChunkOwners, getChunks, type Store, type StoredArticle } from "../store";
import { parseQuery } from "./parse-query";
import { searchKeyword } from "./search-fulltext";
import { searchDense } from "./search-vector";
import { cleanUpPassages } from "./result-hygiene";
import type { Passage, RankedList, SearchRequest, SearchResult } from "./types";

export interface FusionWeights {
  keyword: number;
  dense: number;
  /** The RRF constant: larger flattens the difference between ranks. */
  k: number;
}

/** Keyword leads: measured here, a weak dense model fused at equal weight made results worse than keyword alone. */
export const DEFAULT_WEIGHTS: FusionWeights = { keyword: 1, dense: 0.5, k: 60 };

/** How many candidates each method contributes before fusion. */
const CANDIDATES = 100;

/** Weighted reciprocal rank fusion: sum over methods of weight / (k + rank). */
export function reciprocalRankFusion(lists: { ranked: RankedList; weight: number }[], k: number): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { ranked, weight } of lists) {
    if (weight <= 0) continue;
    ranked.forEach(({ rowid }, rank) => fused.set(rowid, (fused.get(rowid) ?? 0) + weight / (k + rank + 1)));
  }
  return fused;
}

/**
 * Keyword + dense retrieval fused by weighted RRF, then cleaned up: near-duplicates collapsed, a cap per article,
 * ties broken in favour of newer articles. Without an embedder (or its vectors) it is keyword-only.
 */
export async function searchHybrid(
  store: Store,
  embedder: Embedder | null,
  request: SearchRequest,
  weights: FusionWeights = DEFAULT_WEIGHTS,
): Promise<SearchResult> {
  const filter = request.filter ?? {};
  const asked = parseQuery(request.query);
  // Other words widen what is found, not what was asked: the answer stage scores sentences on the asked terms.
  const others = request.otherWords?.length ? parseQuery(request.otherWords.join(" ")).matchExpression : null;
  const query = others ? { ...asked, matchExpression: asked.matchExpression ? `${asked.matchExpression} OR ${others}` : others } : asked;
  // Each chunk ranks on its own BM25. Adding a share of an article's other matching chunks (tried up to
  // 2026-11-30) let long, repetitive articles outrank the one that answers: on the RealTimeQA 2022–23 news quiz
  // (679 questions) the answer was in the top 5 passages for 44.5% with no share, 40.9% with a summed share of 0.1
  // and 43.6% with the best other chunk at 0.25, though TIME's 82 queries preferred a share (MRR@10 0.670 → 0.701).
  // Nor do the best chunks' own words help (pseudo-relevance feedback: the words of the 5 or 10 best chunks the
  // question lacks, weighed by idf, searched again, that search's BM25 added at a share). Measured 2026-12-04
  // keyword-only, answers quoting the answer on the RealTimeQA 2022–23 and 2024 samples (669 and 470 questions as of
  // their quiz dates): 218 and 119 without; 214 and 117 with 8 words of 5 chunks at 0.15; 213 and 113 with 10 of 10
  // at 0.3. At 0.15 the SQuADShifts/XQuAD sample stays at 367 right of 500 and one more of 150 off-topic is answered.
  const keywordHits = searchKeyword(store, query, CANDIDATES, filter);
  const dense = embedder && asked.terms.length > 0 ? await searchDense(store, embedder, request.query, CANDIDATES, filter) : [];
  const fused = reciprocalRankFusion(
    [
      { ranked: keywordHits, weight: weights.keyword },
      { ranked: dense, weight: weights.dense },
    ],
    weights.k,
  );
  const ranked = newestFirstAmongTies(store, [...fused].sort(([, a], [, b]) => b - a));
  const keywordScores = new Map(keywordHits.map(({ rowid, score }) => [rowid, score]));
  const denseScores = new Map(dense.map(({ rowid, score }) => [rowid, score]));
  const passages = (function* (): Generator<Passage> {
    for (const { rowid, score, chunk, article } of readCandidates(store, ranked, request.limit)) {
      yield { chunk, article, score, keywordScore: keywordScores.get(rowid) ?? null, denseSimilarity: denseScores.get(rowid) ?? null };
    }
  })();
  return { passages: cleanUpPassages(passages, request.limit, request.perArticle ?? 2), terms: asked.terms, filter };
}

/**
 * Chunks of equal fused score put newest article first. Only tied chunks have their article's date read: reading
 * it for all 100-200 candidates was 15% of a keyword search at 100k chunks (2026-11-30), and keyword ranks alone
 * never tie.
 */
function newestFirstAmongTies(store: Store, ranked: [number, number][]): [number, number][] {
  const tied = ranked.filter(([, score], index) => ranked[index - 1]?.[1] === score || ranked[index + 1]?.[1] === score);
  if (tied.length === 0) return ranked;
  const owners = getChunkOwners(store, tied.map(([rowid]) => rowid));
  const published = (rowid: number) => owners.get(rowid)?.published ?? "";
  return ranked.sort(([rowidA, a], [rowidB, b]) => b - a || published(rowidB).localeCompare(published(rowidA)));
}

/**
 * The ranked candidates with their chunk and article, read a page at a time as the clean-up asks for more: it stops
 * at `limit` passages, so the text of most of the 100-200 candidates is never read (reading all of them was 60% of a
 * keyword search at 10k chunks).
 */
function* readCandidates(store: Store, ranked: [number, number][], limit: number) {
  // The clean-up took exactly `limit` candidates for 287 of 300 SQuAD questions over 100k chunks, never more than
  // one beyond (2026-11-30): a first page of twice that read ten chunks and articles for nothing.
  const pageSize = Math.max(limit, 1);
  const articles = new Map<number, StoredArticle>();
  for (let start = 0; start < ranked.length; start += pageSize) {
    const page = ranked.slice(start, start + pageSize);
    const chunks = getChunks(
      store,
      page.map(([rowid]) => rowid),
    );
    const unread = [...new Set([...chunks.values()].map((chunk) => chunk.articleRowid))].filter((rowid) => !articles.has(rowid));
    for (const [rowid, article] of getArticlesByRowid(store, unread)) articles.set(rowid, article);
    for (const [rowid, score] of page) {
      const chunk = chunks.get(rowid);
      const article = chunk && articles.get(chunk.articleRowid);
      if (chunk && article) yield { rowid, score, chunk, article };
    }
  }
}
