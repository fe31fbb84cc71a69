import { matchStemOf, wordsOf, type QueryTerm } from "../retrieval/parse-query";
import type { Lexicon } from "./wordnet";

/** Particles that make a phrasal verb of the word before them ("pull out", "step down"): stop words themselves, never terms. */
export const PARTICLES = new Set(["out", "up", "down", "off", "back", "over", "away", "in", "on"]);

/** True for a WordNet verb lemma that is a verb and its particle ("step_down", "shut_down", "set_up"). */
export function isPhrasalLemma(lemma: string): boolean {
  const [verb, particle, ...rest] = lemma.split("_");
  return rest.length === 0 && verb !== undefined && particle !== undefined && PARTICLES.has(particle);
}

function keyOf(verbStem: string, particle: string): string {
  return `${verbStem} ${particle}`;
}

/** What a phrasal verb ("stepped down") is matched on: its verb's match stem and its particle ("step down"). */
export function phrasalKeyOf(verb: string, particle: string): string {
  return keyOf(matchStemOf(verb), particle);
}

/**
 * The phrasal verbs of a run of words, as phrasalKeyOf gives them, from the words' match stems already taken:
 * "she stepped down in May" → "step down", "down in".
 */
export function phrasalKeysOf(words: readonly string[], stems: readonly string[]): string[] {
  const keys: string[] = [];
  for (let i = 1; i < words.length; i++) if (PARTICLES.has(words[i]!)) keys.push(keyOf(stems[i - 1]!, words[i]!));
  return keys;
}

/**
 * A question term that is the verb of a phrasal verb the lexicon knows ("step" in "Did Peskov step down?") is that
 * phrasal verb: matched as its two words together, and related words are the phrasal verb's ("resign"). "Steps that
 * could escalate tensions" is no stepping down.
 */
export function asPhrasalVerbs(terms: QueryTerm[], question: string, lexicon: Lexicon): QueryTerm[] {
  const words = wordsOf(question);
  const particlesTaken = new Set<string>();
  const phrased = terms.map((term) => {
    const at = words.findIndex((word, i) => word === term.word && PARTICLES.has(words[i + 1] ?? ""));
    if (at === -1) return term;
    const particle = words[at + 1]!;
    const phrase = `${term.word} ${particle}`;
    if (lexicon.relatedWords(phrase).length === 0) return term;
    particlesTaken.add(particle);
    return { ...term, word: phrase, stem: phrasalKeyOf(term.word, particle) };
  });
  // A particle no stop word ("away", "back") belongs to its phrasal verb: "died" answers "passed away" without "away".
  return phrased.filter((term) => !particlesTaken.has(term.word));
}
