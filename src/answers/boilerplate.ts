import { paragraphAt, paragraphKey } from "../articles/paragraphs";
import { splitSentences } from "../chunking/split-sentences";
import { countTitlesPrinting, type Store, type StoredArticle } from "../store";
import type { CandidateSentence } from "./score-sentences";

/**
 * A paragraph its outlet prints in this many articles with different titles is boilerplate ("Follow every game:
 * Latest NFL Scores and Schedules", a newsletter blurb, a photo credit), not news: two may be a story and its
 * re-titled update. Counted per outlet, so a wire story that several outlets print stays quotable.
 */
export const BOILERPLATE_TITLES = 3;

/**
 * The candidates less those from a boilerplate paragraph, so the answer quotes the next best sentence instead.
 * Checked down the ranking as far as a quote can reach, to the first sentence scoring under `relativeScore` of the
 * best one kept (where selectQuoteSentences stops); the rest follow unchecked. Each paragraph is looked up once.
 */
export function withoutBoilerplate(store: Store, candidates: CandidateSentence[], relativeScore: number): CandidateSentence[] {
  const verdicts = new Map<string, boolean>();
  const isBoilerplate = (article: StoredArticle, paragraph: string): boolean => {
    const key = JSON.stringify([article.source, paragraphKey(paragraph)]);
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      const phrase = splitSentences(paragraph)[0]?.text ?? paragraph;
      verdict = countTitlesPrinting(store, { paragraph, source: article.source, phrase }, BOILERPLATE_TITLES) >= BOILERPLATE_TITLES;
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  const kept: CandidateSentence[] = [];
  for (const [i, candidate] of candidates.entries()) {
    if (kept.length > 0 && candidate.score < kept[0]!.score * relativeScore) return [...kept, ...candidates.slice(i)];
    const { article } = candidate.passage;
    // A speaker's sentence may carry the quotation after it, which can open the next paragraph.
    const paragraphs = new Set([paragraphAt(article.text, candidate.start), paragraphAt(article.text, candidate.end - 1)]);
    if (![...paragraphs].some((paragraph) => isBoilerplate(article, paragraph))) kept.push(candidate);
  }
  return kept;
}
