import { splitSentences } from "../chunking/split-sentences";
import { matchStemOf, wordsOf, type QueryTerm } from "../retrieval/parse-query";
import type { Passage } from "../retrieval/types";

/** A sentence of a retrieved passage, placed in its article's clean text. */
export interface CandidateSentence {
  passage: Passage;
  /** Offsets in the article's clean text. */
  start: number;
  end: number;
  text: string;
  /** Stems of the query terms this sentence contains. */
  matched: Set<string>;
  /** IDF-weighted share of the question this sentence covers (0..1); a term only its title holds counts in part. */
  coverage: number;
  score: number;
}

/** How a sentence's score mixes its own evidence with its passage's. */
export interface SentenceWeights {
  /** Credit for a query term found only in the article's title, as a share of the term's weight. */
  title: number;
  /** Weight of the passage's retrieval score, relative to the best passage's. */
  rank: number;
  /** Weight of the passage's dense similarity, when there is one. */
  dense: number;
}

/**
 * Measured 2026-11-22 with bench/calibrate-answers.ts (keyword-only, so `dense` was not): at the same false-answer
 * rate, title credit 0 to 0.5 and rank weight 0 to 0.4 answer within 1.1 points of each other; a title credit of
 * 0.75 or 1 loses about a point.
 */
export const DEFAULT_SENTENCE_WEIGHTS: SentenceWeights = { title: 0.5, rank: 0.1, dense: 0.05 };

/**
 * IDF of each query term over the chunks, from the document frequencies of its index stems (summed: a chunk with
 * "find" and "found" counts twice, rarely enough not to matter); a term no chunk holds weighs most (the articles lack it).
 */
export function termWeights(terms: QueryTerm[], chunks: number, frequencies: Map<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { stem, indexStems } of terms) {
    const df = Math.min(chunks, indexStems.reduce((sum, indexStem) => sum + (frequencies.get(indexStem) ?? 0), 0));
    weights.set(stem, Math.log(1 + (chunks - df + 0.5) / (df + 0.5)));
  }
  return weights;
}

function stemsOf(text: string): Set<string> {
  return new Set(wordsOf(text).map(matchStemOf));
}

function wordCount(text: string): number {
  return wordsOf(text).length;
}

/**
 * Scores every sentence of the retrieved passages on the query terms it contains (IDF-weighted), with a little
 * credit for the article title, the passage's retrieval rank and its dense similarity. Fragments and very long
 * sentences are discounted: they make poor quotes.
 */
export function scoreSentences(
  passages: Passage[],
  terms: QueryTerm[],
  weights: Map<string, number>,
  sentenceWeights: SentenceWeights = DEFAULT_SENTENCE_WEIGHTS,
): CandidateSentence[] {
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
  const topScore = passages[0]?.score ?? 1;
  const candidates: CandidateSentence[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    const titleStems = stemsOf(passage.article.title);
    for (const sentence of splitSentences(passage.chunk.text)) {
      const start = passage.chunk.start + sentence.start;
      const key = `${passage.article.rowid}:${start}`;
      // Overlapping chunks share a sentence; score it once, with its best passage.
      if (seen.has(key)) continue;
      seen.add(key);
      const stems = stemsOf(sentence.text);
      const matched = new Set(terms.filter((term) => stems.has(term.stem)).map((term) => term.stem));
      let covered = 0;
      for (const { stem } of terms) {
        const weight = weights.get(stem) ?? 0;
        if (matched.has(stem)) covered += weight;
        else if (titleStems.has(stem)) covered += weight * sentenceWeights.title;
      }
      const coverage = covered / total;
      const words = wordCount(sentence.text);
      const shape = words < 6 ? 0.5 : words > 70 ? 0.8 : 1;
      const rank = passage.score / topScore;
      const dense = passage.denseSimilarity ?? 0;
      candidates.push({
        passage,
        start,
        end: passage.chunk.start + sentence.end,
        text: sentence.text,
        matched,
        coverage,
        score: shape * (coverage + sentenceWeights.rank * rank + sentenceWeights.dense * dense),
      });
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}
