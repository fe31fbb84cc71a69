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

/** True when the paragraph at a character offset of an article is its outlet's boilerplate. */
export type BoilerplateTest = (article: Pick<StoredArticle, "rowid" | "text" | "source">, at: number) => boolean;

/**
 * The test that a paragraph is its outlet's boilerplate, looked up in the store once per paragraph and only for
 * the paragraphs asked about: the sentences about to be quoted, or the opening sentences of a digest's articles.
 */
export function boilerplateParagraphs(store: Store): BoilerplateTest {
  const verdicts = new Map<string, boolean>();
  return (article, at) => {
    const paragraph = paragraphAt(article.text, at);
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
}

/** The test that a candidate sentence's paragraph is not its outlet's boilerplate. */
export function notBoilerplate(store: Store): QuotableTest {
  const isBoilerplate = boilerplateParagraphs(store);
  return (candidate) => {
    const { article } = candidate.passage;
    // A speaker's sentence may carry the quotation after it, which can open the next paragraph.
    return !isBoilerplate(article, candidate.start) && !isBoilerplate(article, candidate.end - 1);
  };
}
