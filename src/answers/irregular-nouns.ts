import { createRequire } from "node:module";
import { stemmer } from "stemmer";

const require = createRequire(import.meta.url);

let singulars: Map<string, string> | null = null;
let plurals: Map<string, string[]> | null = null;

/**
 * WordNet's irregular plurals (its noun.exc, as wink-lexicon ships it: "thieves" → "thief", "children" → "child",
 * "crises" → "crisis"), less those the Porter stemmer already joins to their singular ("bases", "buses"). Read on
 * first use: about 1,900 entries.
 */
function irregularPlurals(): Map<string, string> {
  if (singulars) return singulars;
  const exceptions = require("wink-lexicon/src/wn-noun-exceptions.js") as Record<string, string>;
  singulars = new Map(Object.entries(exceptions).filter(([plural, singular]) => stemmer(plural) !== stemmer(singular)));
  plurals = new Map();
  for (const [plural, singular] of singulars) plurals.set(singular, [...(plurals.get(singular) ?? []), plural]);
  return singulars;
}

/**
 * A noun's other irregular number: the singular of an irregular plural ("thieves" → ["thief"]), or the irregular
 * plurals of a singular ("child" → ["children"]); none for any other word. The stemmer cannot relate them, and an
 * article says "thieves" where a question says "burglars" (→ thief). Measured 2026-12-01 keyword-only, matching
 * sentences: the SQuADShifts/XQuAD sample 348 → 352 answered right (children, crises, feet, wives, curricula; one
 * lost to "women"), off-topic 12 as before; the RealTimeQA 2022–23 and 2024 samples and our own question sets
 * unchanged. Also searched for in the full-text index, they changed no answer but one and moved recall@5 on the
 * whole quiz from 45.5% to 45.4% (2022–23) and 34.3% to 34.1% (2024), so the search leaves them out.
 */
export function nounFormsOf(word: string): readonly string[] {
  const singular = irregularPlurals().get(word);
  if (singular) return [singular];
  return plurals!.get(word) ?? [];
}
