import type { CandidateSentence, SentenceWeights } from "./score-sentences";
import type { Passage } from "../retrieval/types";

const DAY_MS = 86_400_000;

/** 1 for an article published on the day asked, fading to 0 `days` days either side; 0 for one with no date. */
function nearness(published: string | null, asked: Date, days: number): number {
  const time = published ? Date.parse(published) : Number.NaN;
  if (Number.isNaN(time)) return 0;
  return Math.max(0, 1 - Math.abs(asked.getTime() - time) / DAY_MS / days);
}

/**
 * A news question asks about the news of its day: of two sentences answering alike, the one from an article
 * published nearer the day asked (the clock, or `ask --as-of`) is more likely the answer. "Which movie is considered
 * to be the first summer blockbuster?", asked on 2024-06-21, is now answered by that week's "…'Jaws,' which was the
 * first true summer blockbuster", not by a sentence of a 2022 article. Every sentence of an article gains `nearDate`
 * times the article's best coverage, in full on the day asked, fading to nothing `nearDays` days either side; an
 * article with no date gains nothing. One gain for the whole article keeps its sentences in their order (a share of
 * each sentence's own coverage put "The fire is thought to have started…" before the one saying what investigators
 * think). Measured 2026-12-02 keyword-only, answers quoting the answer on the RealTimeQA 2022–23 sample (669
 * questions) and 2024 sample (470), each asked as of its quiz date (before: 213 and 100):
 *   nearDate 0.2, 30 days: 216, 102      0.4, 14 days: 217, 103      0.4, 30 days: 218, 103
 *   nearDate 0.6, 30 days: 219, 103      0.4, 60 days: 219, 103
 * The SQuADShifts/XQuAD sample has no dates and is unchanged; so are our own questions. Quote selection judges
 * further sentences without this gain (select-quotes.ts), or this week's sentence restating the story crowds out last
 * month's naming the answer ("Which nuclear sites did the US strike?"). A gain of each sentence's own coverage, judged
 * with it, quoted the answer for 216 and 103.
 * Measured and not kept (a larger gain for "recent" questions, an age penalty): docs/answers-not-kept.md.
 */
export function favourNearDates(candidates: CandidateSentence[], asked: Date, weights: SentenceWeights): CandidateSentence[] {
  const articleCoverage = new Map<number, number>();
  for (const { passage, coverage } of candidates) articleCoverage.set(passage.article.rowid, Math.max(articleCoverage.get(passage.article.rowid) ?? 0, coverage));
  for (const candidate of candidates) {
    const { published, rowid } = candidate.passage.article;
    candidate.nearDate = weights.nearDate * nearness(published, asked, weights.nearDays) * articleCoverage.get(rowid)!;
    candidate.score += candidate.nearDate;
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** How retrieval's passages are chosen by nearness to the day asked (see nearestPassages). */
export interface NearPassages {
  /** Passages retrieved before the best `AnswerTuning.passages` are kept. */
  pool: number;
  /** A passage's retrieval score counts up to this share more when its article was published on the day asked. */
  weight: number;
}

/**
 * Retrieval ranks passages by how well they match, so a news question's story of the day asked can stand below older
 * stories using its words more often: "Which tennis star pulled out of Wimbledon…?", asked in July 2022, quoted a
 * photo caption of Serena Williams retiring hurt at Wimbledon in 2021; now it quotes "Rafael Nadal has withdrawn from
 * Wimbledon due to an abdominal injury." Of a wider pool, each passage's score counts up to `weight` more, in full on
 * the day asked and fading to nothing `days` days either side (as favourNearDates); the best of the pool are kept in
 * that order. An article with no date keeps its score, so undated collections (and questions about long ago, whose
 * articles are all far from the day) are ranked as retrieval ranked them.
 */
export function nearestPassages(passages: Passage[], asked: Date, near: NearPassages, days: number, limit: number): Passage[] {
  // Keyword-only, the passages are in the order of their BM25 scores, whose margins say how much better one matches
  // than another. With a sentence model they are in the order of the fused score, which counts meaning too, and are
  // weighed on it (chosen, not measured: no sentence model can be downloaded where newsdesk is built; on the quiz
  // samples keyword-only, the fused score gained about as much, see DEFAULT_TUNING).
  const keywordOnly = passages.every((passage) => passage.denseSimilarity === null && passage.keywordScore !== null);
  const scoreOf = keywordOnly ? (passage: Passage) => passage.keywordScore! : (passage: Passage) => passage.score;
  return passages
    .map((passage, rank) => ({ passage, rank, score: scoreOf(passage) * (1 + near.weight * nearness(passage.article.published, asked, days)) }))
    .sort((a, b) => b.score - a.score || a.rank - b.rank)
    .slice(0, limit)
    .map(({ passage }) => passage);
}
