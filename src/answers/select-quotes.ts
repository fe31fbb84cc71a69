import type { CandidateSentence } from "./score-sentences";

export interface QuoteSelection {
  /** At most this many sentences in all. */
  maxSentences: number;
  /** At most about this many characters in all. */
  maxCharacters: number;
  /** A further sentence must score at least this share of the best one. */
  relativeScore: number;
}

/**
 * relativeScore measured 2026-11-22 with bench/calibrate-answers.ts: 0.6 quotes 25% more text for 0.1 points of
 * accuracy; 0.9 and 1 lose 0.6 and 2.4 points.
 */
export const DEFAULT_SELECTION: QuoteSelection = { maxSentences: 3, maxCharacters: 600, relativeScore: 0.75 };

function sameTextKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Picks the best sentence, then up to a couple more that add something (MMR-style): a query term not yet
 * covered, the same story from another article, or another candidate answer. Returns them grouped per article in text order.
 * `quotable` is asked only about a further sentence about to be picked (it may read the store); the best one is
 * the caller's to have checked.
 */
export function selectQuoteSentences(
  candidates: CandidateSentence[],
  selection: QuoteSelection = DEFAULT_SELECTION,
  quotable: (candidate: CandidateSentence) => boolean = () => true,
): CandidateSentence[] {
  const [best] = candidates;
  if (!best) return [];
  const picked = [best];
  let characters = best.text.length;
  const covered = new Set(best.matched);
  // Syndicated copies and re-titled updates print the same sentence: quoting it twice says nothing more.
  const quoted = new Set([sameTextKey(best.text)]);
  for (const candidate of candidates.slice(1)) {
    if (picked.length >= selection.maxSentences) break;
    if (candidate.score < best.score * selection.relativeScore) break;
    if (characters + candidate.text.length > selection.maxCharacters || quoted.has(sameTextKey(candidate.text))) continue;
    const addsTerm = [...candidate.matched].some((stem) => !covered.has(stem));
    const otherArticle = picked.every((chosen) => chosen.passage.article.rowid !== candidate.passage.article.rowid);
    const otherAnswer = candidate.answer !== null && picked.every((chosen) => chosen.answer !== candidate.answer);
    if ((!addsTerm && !otherArticle && !otherAnswer) || !quotable(candidate)) continue;
    picked.push(candidate);
    quoted.add(sameTextKey(candidate.text));
    characters += candidate.text.length;
    for (const stem of candidate.matched) covered.add(stem);
  }
  return picked;
}
