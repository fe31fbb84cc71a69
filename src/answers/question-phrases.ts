import { matchStemOf, wordsOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";

/** How many other words (stop words aside) may stand between two of the question's words that make a phrase. */
const PHRASE_GAP = 1;

function contentStems(text: string): string[] {
  return wordsOf(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(matchStemOf);
}

/**
 * Whether `text` holds two neighbouring words of the question in the question's order, at most PHRASE_GAP other
 * words apart, stop words aside: "the Canary Islands", "the Bank of England" ("bank england"), "a solar power farm"
 * for "solar farms". An article holding a question's words only apart is seldom about what the question asks.
 */
export function holdsQuestionPhrase(question: string, text: string): boolean {
  const asked = contentStems(question);
  const phrases = new Set(asked.slice(1).map((stem, i) => `${asked[i]} ${stem}`));
  if (phrases.size === 0) return false;
  const stems = contentStems(text);
  for (let i = 0; i < stems.length; i++) {
    for (let j = i + 1; j <= i + 1 + PHRASE_GAP && j < stems.length; j++) if (phrases.has(`${stems[i]} ${stems[j]}`)) return true;
  }
  return false;
}
