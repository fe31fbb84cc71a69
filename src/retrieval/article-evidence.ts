import type { RankedList } from "./types";

/**
 * Share of an article's other matching chunks added to each chunk's keyword score. A long article whose
 * matches are spread over several chunks is better evidence than one lucky chunk. Measured 2026-11-22 on
 * TIME (82 judged queries, keyword-only): share 0 → R@10 0.722 / MRR@10 0.670; 0.1 → 0.739 / 0.681;
 * 0.25 → 0.746 / 0.660; 0.5 → 0.710 / 0.647. Single-chunk passages (SQuAD) are unaffected.
 */
export const ARTICLE_EVIDENCE_SHARE = 0.1;

/** Re-ranks keyword hits with a share of the scores of the other hits from the same article. */
export function addArticleEvidence(hits: RankedList, articleOf: (rowid: number) => number | undefined, share = ARTICLE_EVIDENCE_SHARE): RankedList {
  const owner = (rowid: number) => articleOf(rowid) ?? -rowid;
  const totals = new Map<number, number>();
  for (const hit of hits) totals.set(owner(hit.rowid), (totals.get(owner(hit.rowid)) ?? 0) + hit.score);
  return hits
    .map((hit) => ({ rowid: hit.rowid, score: hit.score + share * (totals.get(owner(hit.rowid))! - hit.score) }))
    .sort((a, b) => b.score - a.score);
}
