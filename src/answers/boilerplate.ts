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

/** Only the start of a long paragraph is split to find a sentence to look it up by. */
const SPLIT_CHARACTERS = 2000;

/** True when a candidate sentence may be quoted. */
export type QuotableTest = (candidate: CandidateSentence) => boolean;

/**
 * The test that a sentence's paragraph is not its outlet's boilerplate, looked up in the store (once per paragraph)
 * only for the sentences about to be quoted: a handful per question.
 */
export function notBoilerplate(store: Store): QuotableTest {
  const verdicts = new Map<string, boolean>();
  const isBoilerplate = (article: StoredArticle, paragraph: string): boolean => {
    const key = JSON.stringify([article.source, paragraphKey(paragraph)]);
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      // The longest sentence has the rarest words to find the other copies by.
      const sentences = splitSentences(paragraph.slice(0, SPLIT_CHARACTERS)).map((span) => span.text);
      const sentence = sentences.reduce((longest, next) => (next.length > longest.length ? next : longest), "");
      verdict = countTitlesPrinting(store, { paragraph, articleRowid: article.rowid, source: article.source, sentence }, BOILERPLATE_TITLES) >= BOILERPLATE_TITLES;
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  return (candidate) => {
    const { article } = candidate.passage;
    // A speaker's sentence may carry the quotation after it, which can open the next paragraph.
    const paragraphs = new Set([paragraphAt(article.text, candidate.start), paragraphAt(article.text, candidate.end - 1)]);
    return ![...paragraphs].some((paragraph) => isBoilerplate(article, paragraph));
  };
}
