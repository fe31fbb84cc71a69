import type { RankedList } from "./types";
export const ARTICLE_EVIDENCE_SHARE = Number(process.env.AE_SHARE ?? 0.1);
export function addArticleEvidence(hits: RankedList, articleOf: (rowid: number) => number | undefined, share = ARTICLE_EVIDENCE_SHARE): RankedList {
  const owner = (rowid: number) => articleOf(rowid) ?? -rowid;
  const byArticle = new Map<number, number[]>();
  for (const hit of hits) byArticle.set(owner(hit.rowid), [...(byArticle.get(owner(hit.rowid)) ?? []), hit.score]);
  const mode = process.env.AE_MODE ?? "sum";
  return hits
    .map((hit) => {
      const others = byArticle.get(owner(hit.rowid))!.filter((s) => s !== hit.score);
      const extra = mode === "sum" ? others.reduce((a, b) => a + b, 0) : mode === "max" ? Math.max(0, ...others) : Math.log1p(others.length) * Math.max(0, ...others);
      return { rowid: hit.rowid, score: hit.score + share * extra };
    })
    .sort((a, b) => b.score - a.score);
}
