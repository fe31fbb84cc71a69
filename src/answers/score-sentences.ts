import { splitSentences } from "../chunking/split-sentences";
import { stemOf, wordsOf, type QueryTerm } from "../retrieval/parse-query";
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
  /** IDF-weighted share of the question this sentence covers (0..1), the title counting half. */
  coverage: number;
  score: number;
}

/** IDF of each query stem over the chunks; a stem no chunk holds weighs most (the articles lack it). */
export function termWeights(terms: QueryTerm[], chunks: number, frequencies: Map<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { stem } of terms) {
    const df = frequencies.get(stem) ?? 0;
    weights.set(stem, Math.log(1 + (chunks - df + 0.5) / (df + 0.5)));
  }
  return weights;
}

function stemsOf(text: string): Set<string> {
  return new Set(wordsOf(text).map(stemOf));
}

function wordCount(text: string): number {
  return wordsOf(text).length;
}

/**
 * Scores every sentence of the retrieved passages on the query terms it contains (IDF-weighted), with a little
 * credit for the article title, the passage's retrieval rank and its dense similarity. Fragments and very long
 * sentences are discounted: they make poor quotes.
 */
export function scoreSentences(passages: Passage[], terms: QueryTerm[], weights: Map<string, number>): CandidateSentence[] {
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
        else if (titleStems.has(stem)) covered += weight / 2;
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
        score: shape * (coverage + 0.1 * rank + 0.05 * dense),
      });
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}
