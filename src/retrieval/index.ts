export * from "./types";
export { searchHybrid, reciprocalRankFusion, DEFAULT_WEIGHTS, type FusionWeights } from "./search-hybrid";
export { parseQuery, wordsOf, stemOf, type ParsedQuery, type QueryTerm } from "./parse-query";
export { resolveTimeWindow, combineWindows, type DateWindow } from "./time-window";

import type { Passage } from "./types";

/** The `search --json` hit shape of CONTRACT.md. */
export function passageToHit(passage: Passage) {
  const { article, chunk } = passage;
  return {
    articleId: article.id,
    chunkId: chunk.chunkId,
    score: Number(passage.score.toFixed(6)),
    text: chunk.text,
    title: article.title,
    url: article.url,
    published: article.published,
    source: article.source,
  };
}
