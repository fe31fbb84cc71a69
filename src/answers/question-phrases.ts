import { matchStemOf, wordsOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";

/** How many other words (stop words aside) may stand between two of the question's words that make a phrase. */
const PHRASE_GAP = 1;

/**
 * Whether a text holds two neighbouring words of the question in the question's order, at most PHRASE_GAP other
 * words apart, stop words aside: "the Canary Islands", "the Bank of England" ("bank england"), "a solar power farm"
 * for "solar farms". An article holding a question's words only apart is seldom about what the question asks.
 * The text comes as its words (wordsOf) and their match stems (matchStemOf), so a caller stemming it anyway
 * stems it once.
 */
export function holdsQuestionPhrase(question: string, words: readonly string[], stems: readonly string[]): boolean {
  const asked = wordsOf(question)
    .filter((word) => !STOP_WORDS.has(word))
    .map(matchStemOf);
  const phrases = new Set(asked.slice(1).map((stem, i) => `${asked[i]} ${stem}`));
  if (phrases.size === 0) return false;
  const content = stems.filter((_, i) => !STOP_WORDS.has(words[i]!));
  for (let i = 0; i < content.length; i++) {
    for (let j = i + 1; j <= i + 1 + PHRASE_GAP && j < content.length; j++) if (phrases.has(`${content[i]} ${content[j]}`)) return true;
  }
  return false;
}
