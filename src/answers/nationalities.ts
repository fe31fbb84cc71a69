import { acronymKey } from "../retrieval/acronyms";
import type { Lexicon } from "./wordnet";

/**
 * "American", "Iranian", "Texan": an adjective the lexicon derives from a place. It is no name an article must write
 * (one says "U.S. forces struck Iranian nuclear sites" of "the American attack"), so it is weighed as any other word.
 * Kept whole, "How did Russia respond to the American attack on Iranian nuclear sites?" was refused over the sample
 * articles (the best sentence covered 0.36 of it; now 0.58). Measured 2026-12-03 keyword-only: the RealTimeQA
 * 2022–23 and 2024 samples (669 and 470 questions as of their quiz dates), the SQuADShifts/XQuAD sample (500
 * answerable, 150 off-topic) and our 70 written questions answer exactly as before.
 */
export function isNationality(word: string, lexicon: Lexicon): boolean {
  return placesOf(word, lexicon).length > 0;
}

function placesOf(word: string, lexicon: Lexicon): string[] {
  if (!lexicon.isAdjective(word)) return [];
  return lexicon
    .relatedWords(word)
    .filter((related) => related.relation === "derivation" && lexicon.isKindOf(related.word, "location"))
    .map((related) => related.word);
}

/** A synonym the lexicon writes dotted or in at most four letters ("u.s.", "usa", "prc") is its country's acronym. */
const ACRONYM = /^(?:[a-z]\.){2,}$|^[a-z]{2,4}$/;

/**
 * The acronyms of a nationality's country, as acronymKeysOf keys them: "american" → US, USA. News writes the
 * country's acronym far more than its adjective ("U.S. forces struck…" for "the American strikes"). Only acronyms:
 * WordNet's other synonyms of a country are old or other places ("Persia"; "Taiwan" beside "China"). WordNet derives
 * "British" from no country, so it finds no "UK". Over the sample articles "What did the Kremlin say about the American
 * strikes on Iran?" was refused (they write "US President" and "U.S. forces"). Measured 2026-12-03 keyword-only: the
 * RealTimeQA 2022–23 and 2024 samples (669 and 470 questions as of their quiz dates; 27 say "American(s)") quote the
 * answer as often (one 2024 answer's later sentences change), the SQuADShifts/XQuAD sample (500 answerable, 150
 * off-topic) and our 70 written questions answer as before.
 */
export function countryAcronymsOf(word: string, lexicon: Lexicon): string[] {
  const acronyms = placesOf(word, lexicon).flatMap((place) =>
    lexicon
      .relatedWords(place)
      .filter((related) => related.relation === "synonym" && ACRONYM.test(related.word))
      .map((related) => acronymKey(related.word)),
  );
  return [...new Set(acronyms)];
}
