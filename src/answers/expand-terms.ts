import { initialsOf, writtenOutKey } from "../retrieval/acronyms";
import { pastFormsOf } from "../retrieval/irregular-verbs";
import { acronymIndexStems, comparableStem, stemOf, wordsOf, type QueryTerm } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";
import { inChargeTitles } from "./in-charge";
import { nounFormsOf, sibilantNumberOf } from "./irregular-nouns";
import { countryAcronymsOf } from "./nationalities";
import { phrasalKeyOf } from "./phrasal-verbs";
import type { Lexicon, Relation } from "./wordnet";

/** A question term's other words: match stem → the share of the term's weight a sentence holding it earns. */
export type TermAlternatives = Map<string, Map<string, number>>;

/**
 * Credit for a related word in place of the asked one, by relation: a synonym nearly replaces the word, a broader or
 * narrower one less. Measured 2026-12-04 keyword-only, scaled together: answers quoting the answer on the RealTimeQA
 * 2022–23 sample (669 questions as of their quiz dates) and 2024 sample (470), right and off-topic answers on the
 * SQuADShifts/XQuAD sample (500, and 150 off-topic), right answers of our 45 written questions:
 *   0.5 and 0.35:  213 and 114; 364, 10 off-topic; 36
 *   0.7 and 0.5:   218 and 119; 367, 10; 38
 *   0.85 and 0.6:  216 and 118; 369, 12; 38 (the quiz samples answer 8 and 9 more questions, yet fewer rightly)
 */
export type ExpansionCredits = Record<Relation, number>;

export const DEFAULT_EXPANSION_CREDITS: ExpansionCredits = { synonym: 0.7, derivation: 0.7, broader: 0.5, narrower: 0.5, antonym: 0.7 };

/**
 * A yes-or-no question ("Does Iran admit…?", "Is the bridge open?"): its answer may say the opposite ("Iran
 * denies…"), so only there an antonym counts, as much as a synonym. Measured 2026-12-01 keyword-only: one more of 41
 * questions of our own answered right; the RealTimeQA samples and the SQuADShifts/XQuAD sample, with few such
 * questions, unchanged.
 */
const POLAR = /^(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)\b/i;

/**
 * British spellings and their American forms, as they stand in stems: "honour", "organise", "analyse", "centre",
 * "programme", "defence", "catalogue", "travelled", "anaemia".
 */
const SPELLINGS: [RegExp, string][] = [
  [/our/g, "or"],
  [/is/g, "iz"],
  [/ys/g, "yz"],
  [/tre?$/, "ter"],
  [/mm$/, "m"],
  [/enc/g, "ens"],
  [/ogu$/, "og"],
  [/ll/g, "l"],
  [/ae|oe/g, "e"],
];

function americanSpellingOf(stem: string): string {
  return SPELLINGS.reduce((spelled, [british, american]) => spelled.replace(british, american), stem);
}

/**
 * A synonym written otherwise ("programme", "honour", "defence" for "program", "honor", "defense"): the same word, so
 * it counts as the word itself. WordNet lists such spellings as synonyms.
 */
function spelledOtherwise(stem: string, other: string): boolean {
  return americanSpellingOf(stem) === americanSpellingOf(other);
}

/**
 * The match stem of a lexicon's word, which is a base form already: "found" (a company) is matched in "founded", not
 * taken for the past of "find" as a sentence's "found" is (matchStemOf).
 */
function lemmaStemOf(lemma: string): string {
  return comparableStem(stemOf(lemma));
}

/**
 * The words a lexicon's word is searched as: itself and, for an irregular verb, its past forms; for a regular one
 * whose past the index stems otherwise ("died" is indexed "di", "die" as "die"), that past too.
 */
function lemmaFormsOf(lemma: string): string[] {
  const past = pastFormsOf(lemma);
  if (past.length > 0) return [lemma, ...past];
  return lemma.endsWith("e") && stemOf(`${lemma}d`) !== stemOf(lemma) ? [lemma, `${lemma}d`] : [lemma];
}

/**
 * Each question term's related words from the lexicon (synonyms, derivations, irregular forms, close broader and
 * narrower words), keyed by the stem sentences are matched on. The index stems of every alternative are returned
 * too, so their IDFs can cap their credit: a common word ("go" for "die") is weaker evidence than a rare one. An
 * irregular verb's are its past forms' too: the articles say "found" where the question says "discover" (→ find).
 * A question's phrasal verb is looked up as one (asPhrasalVerbs: "pulled out" → "withdraw"), and a related phrasal
 * verb is matched as its two words ("resigned" → "stepped down"; see phrasal-verbs.ts).
 * `spellings` gives each term's other spellings' index stems, so its frequency counts them too; `searchWords` the
 * words each related word is searched as (a phrasal verb is not searched: its verb alone says something else).
 * Word vectors, and a country and its capital as each other's words, were measured and not kept:
 * docs/answers-not-kept.md.
 */
export function expandTerms(
  terms: QueryTerm[],
  question: string,
  lexicon: Lexicon,
  credits: ExpansionCredits,
): { alternatives: TermAlternatives; indexStems: Map<string, string[]>; spellings: Map<string, string[]>; searchWords: Map<string, string[]> } {
  const polar = POLAR.test(question.trim());
  const alternatives: TermAlternatives = new Map();
  const indexStems = new Map<string, string[]>();
  const spellings = new Map<string, string[]>();
  const searchWords = new Map<string, string[]>();
  const own = new Set(terms.map((term) => term.stem));
  const initialsOfWord = new Map<string, string[]>();
  for (const { key, words } of initialsOf(question)) {
    for (const word of words.flatMap((written) => wordsOf(written))) initialsOfWord.set(word, [...(initialsOfWord.get(word) ?? []), key]);
  }
  for (const term of terms) {
    const related = new Map<string, number>();
    const relate = (word: string, credit: number) => {
      // A phrasal verb ("step down" for "resign") is matched as its two words together; its verb's frequency stands
      // for its own, which the index does not count.
      const [verb, particle] = word.split(" ") as [string, string | undefined];
      const stem = particle ? phrasalKeyOf(verb, particle) : lemmaStemOf(word);
      if (own.has(stem)) return;
      related.set(stem, Math.max(related.get(stem) ?? 0, credit));
      indexStems.set(stem, [...new Set([...(indexStems.get(stem) ?? []), ...lemmaFormsOf(verb).map(stemOf)])]);
      if (!particle) searchWords.set(stem, [...new Set([...(searchWords.get(stem) ?? []), ...lemmaFormsOf(verb)])]);
    };
    // The other number of an irregular noun ("thief" for "thieves"), or of one the stemmer splits ("bus", "buses"), is
    // the word itself.
    for (const form of [...nounFormsOf(term.word), ...sibilantNumberOf(term.word, lexicon)]) relate(form, 1);
    for (const { word, relation } of lexicon.relatedWords(term.word)) {
      if (STOP_WORDS.has(word) || word.length < 3 || (relation === "antonym" && !polar)) continue;
      const stem = lemmaStemOf(word);
      if (own.has(stem)) continue;
      const spelling = relation === "synonym" && spelledOtherwise(term.stem, stem);
      if (spelling) spellings.set(term.stem, [...new Set([...(spellings.get(term.stem) ?? []), ...lemmaFormsOf(word).map(stemOf)])]);
      for (const form of [word, ...nounFormsOf(word), ...sibilantNumberOf(word, lexicon)]) relate(form, spelling ? 1 : credits[relation]);
    }
    // "Who runs…?" is answered by a title: "Managing director Keith Marlow said…".
    for (const title of inChargeTitles(term, question)) relate(title, credits.synonym);
    // A name the question writes out is also written as its initials ("the United States" as "U.S." or "US"), and an
    // acronym it types as the name written out.
    for (const key of initialsOfWord.get(term.word) ?? []) {
      related.set(key, 1);
      indexStems.set(key, acronymIndexStems(key));
    }
    // (A typed acronym's stem is its key, in capitals: parseQuery.)
    if (term.stem !== term.stem.toLowerCase()) {
      related.set(writtenOutKey(term.stem), 1);
      indexStems.set(writtenOutKey(term.stem), term.indexStems);
    }
    // "American" is said "U.S.": its country's acronyms count as its country does.
    for (const acronym of countryAcronymsOf(term.word, lexicon)) {
      related.set(acronym, Math.max(related.get(acronym) ?? 0, credits.derivation));
      indexStems.set(acronym, acronymIndexStems(acronym));
    }
    alternatives.set(term.stem, related);
  }
  return { alternatives, indexStems, spellings, searchWords };
}
