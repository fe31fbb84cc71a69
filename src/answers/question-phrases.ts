import { matchStemOf, wordsOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";

/** How many other words (stop words aside) may stand between two of the question's words that make a phrase. */
const PHRASE_GAP = 1;

/** Words that turn a phrase round: "the Qatar base" is written "the base in Qatar", "the Oakhallow farm" "the farm at Oakhallow". */
const PREPOSITIONS = new Set(["in", "of", "at", "for", "on", "from"]);

/**
 * Whether a text holds two neighbouring words of the question in the question's order, at most PHRASE_GAP other
 * words apart, stop words aside: "the Canary Islands", "the Bank of England" ("bank england"), "a solar power farm"
 * for "solar farms"; or side by side the other way round with a preposition between (PREPOSITIONS). An article
 * holding a question's words only apart is seldom about what the question asks.
 * The other order was added 2026-12-05: "Did anyone die in the attack on the Qatar base?" was refused over the
 * article saying "…Al Udeid Air Base in Qatar…". Measured keyword-only with that day's stop words (stop-words.ts):
 * the whole RealTimeQA quiz (2,209 and 1,488 questions as of their quiz dates) answers exactly as before; the
 * SQuADShifts/XQuAD sample, its off-topic questions and our written questions too.
 * A phrase word in other words was measured and not kept: docs/answers-not-kept.md.
 * The text comes as its words (wordsOf) and their match stems (matchStemOf), so a caller stemming it anyway
 * stems it once.
 */
export function holdsQuestionPhrase(question: string, words: readonly string[], stems: readonly string[]): boolean {
  const asked = wordsOf(question)
    .filter((word) => !STOP_WORDS.has(word))
    .map(matchStemOf);
  const phrases = new Set(asked.slice(1).map((stem, i) => `${asked[i]} ${stem}`));
  if (phrases.size === 0) return false;
  const content = stems.flatMap((stem, i) => (STOP_WORDS.has(words[i]!) ? [] : [{ stem, at: i }]));
  for (let i = 0; i < content.length; i++) {
    for (let j = i + 1; j <= i + 1 + PHRASE_GAP && j < content.length; j++) if (phrases.has(`${content[i]!.stem} ${content[j]!.stem}`)) return true;
    // The two words the other way round, a preposition between them.
    const next = content[i + 1];
    if (next && phrases.has(`${next.stem} ${content[i]!.stem}`) && words.slice(content[i]!.at + 1, next.at).some((word) => PREPOSITIONS.has(word))) return true;
  }
  return false;
}
