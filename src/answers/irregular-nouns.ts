import { createRequire } from "node:module";
import { stemOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";
import type { Lexicon } from "./wordnet";

const require = createRequire(import.meta.url);

interface IrregularNouns {
  singularOf: Map<string, string>;
  pluralsOf: Map<string, string[]>;
}

let irregular: IrregularNouns | null = null;

/**
 * WordNet's irregular plurals (its noun.exc, as wink-lexicon ships it: "thieves" → "thief", "children" → "child",
 * "crises" → "crisis"), less those the Porter stemmer already joins to their singular ("bases", "buses"). Read on
 * first use: about 1,900 entries.
 */
function irregularNouns(): IrregularNouns {
  if (irregular) return irregular;
  const exceptions = require("wink-lexicon/src/wn-noun-exceptions.js") as Record<string, string>;
  const singularOf = new Map(Object.entries(exceptions).filter(([plural, singular]) => stemOf(plural) !== stemOf(singular)));
  const pluralsOf = new Map<string, string[]>();
  for (const [plural, singular] of singularOf) pluralsOf.set(singular, [...(pluralsOf.get(singular) ?? []), plural]);
  irregular = { singularOf, pluralsOf };
  return irregular;
}

/**
 * A noun's other irregular number: the singular of an irregular plural ("thieves" → ["thief"]), or the irregular
 * plurals of a singular ("child" → ["children"]); none for any other word. The stemmer cannot relate them, and an
 * article says "thieves" where a question says "burglars" (→ thief). Measured 2026-12-01 keyword-only, matching
 * sentences: the SQuADShifts/XQuAD sample 348 → 352 answered right (children, crises, feet, wives, curricula; one
 * lost to "women"), off-topic 12 as before; the RealTimeQA 2022–23 and 2024 samples and our own question sets
 * unchanged. Searched for in the full-text index too, they changed one quiz answer and moved recall@5 on the whole
 * quiz from 45.5% to 45.4% (2022–23) and 34.3% to 34.1% (2024), so they are not searched.
 */
export function nounFormsOf(word: string): readonly string[] {
  const { singularOf, pluralsOf } = irregularNouns();
  const singular = singularOf.get(word);
  return singular ? [singular] : (pluralsOf.get(word) ?? []);
}

/** Whether `word` is one of WordNet's irregular plurals ("children", "mice"). */
export function isIrregularPlural(word: string): boolean {
  return irregularNouns().singularOf.has(word);
}

/**
 * The other number of a noun ending in a single "s" ("bus", "gas", "virus", "census"), whose plural takes "-es": the
 * Porter stemmer splits them ("bus" → "bu", "buses" → "buse"), so "When do the bus changes start?" found no bus in
 * "Greyfell Buses will withdraw 14 of its routes". None for any other word.
 * Measured 2026-12-05 keyword-only: of our 111 written answerable questions two more are right ("When do the Greyfell
 * bus changes kick in?", "Why is the bus company cutting services?") and of the 38 unanswerable one more is answered;
 * the whole RealTimeQA quiz (2,209 and 1,488 questions as of their quiz dates) quotes the answer for 724 as before and
 * 351 of 2024 (352: "Iowa caucuses" now matches sentences of a caucus), about 20 quotes changing.
 */
export function sibilantNumberOf(word: string, lexicon: Lexicon): readonly string[] {
  const plural = /[^es]s$/.test(word) && lexicon.isNoun(word) ? `${word}es` : null;
  if (plural) return stemOf(plural) === stemOf(word) ? [] : [plural];
  const singular = /[^s]ses$/.test(word) ? word.slice(0, -2) : null;
  if (!singular || STOP_WORDS.has(singular) || !lexicon.isNoun(singular)) return [];
  return stemOf(singular) === stemOf(word) ? [] : [singular];
}
