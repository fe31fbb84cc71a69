import { stemmer } from "stemmer";
import { acronymKey, withTypedAcronyms } from "./acronyms";
import { baseVerbOf, pastFormsOf } from "./irregular-verbs";
import { STOP_WORDS } from "./stop-words";

/** Longer questions are cut for retrieval, never rejected. */
const MAX_TERMS = 32;

export interface QueryTerm {
  /** The word as typed, lowercased. */
  word: string;
  /** What sentences are matched on: see matchStemOf. */
  stem: string;
  /** The porter stems, as FTS5's porter tokenizer stores them, of every form the term is searched as ("find", "found"). */
  indexStems: string[];
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** A safe FTS5 MATCH expression (every term quoted, OR-ed), or null when nothing is searchable. */
  matchExpression: string | null;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function wordsOf(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(WORD) ?? []).map(withPlainApostrophe);
}

/**
 * A possessive's `'s` dropped and a curly apostrophe made straight. Only a word with an apostrophe is rewritten: two
 * replaces on every word were half of wordsOf's time on news chunks (100k-chunk corpus, 2026-11-30).
 */
function withPlainApostrophe(word: string): string {
  if (!word.includes("'") && !word.includes("’")) return word;
  return word.replace(/['’]s$/, "").replace(/’/g, "'");
}

/** A word's porter stem, as FTS5's porter tokenizer stores it. */
export function stemOf(word: string): string {
  return stemmer(word.normalize("NFD").replace(/\p{M}/gu, ""));
}

/**
 * A Porter stem as words are compared on. The stemmer turns a final "y" into "i" ("employs" → "emploi", "tried" →
 * "tri") but keeps it where it strips a suffix after that step ("employment" → "employ", "try" → "try"), and keeps a
 * short word's final "e" after a vowel that it drops from its other forms ("die" but "di" of "died" and "dies", "tie"
 * but "ti"): one form for each.
 */
export function comparableStem(stem: string): string {
  return stem.replace(/(?<=[aeiouy])e$/, "").replace(/y$/, "i");
}

/** The stem a query term and a sentence's word are compared on: an irregular past form counts as its base verb. */
export function matchStemOf(word: string): string {
  return comparableStem(stemOf(baseVerbOf(word)));
}

/**
 * The words a typed word is searched as: itself, and the base verb and past forms of an irregular verb. An irregular
 * noun's other number is not searched (see irregular-nouns.ts).
 */
export function searchFormsOf(word: string): string[] {
  const base = baseVerbOf(word);
  return [...new Set([word, base, ...pastFormsOf(base)])];
}

/**
 * "How long", "how far", "how often", "how old", "how big" and the like ask for an amount: articles answer with one
 * ("for six months", "Marchetti, 24, scored…"), rarely with the word, so it is not searched for; nor is the "money" of
 * "how much money" ("retailers lost around £300 million"). Where they used to be searched, a word the articles did not
 * hold cost the answer: over three articles written to test this, "How old is Marchetti?" and "How much money did
 * shops lose?" were refused. An age is found as an age either way ("the 78-year-old": candidate-answers.ts).
 * Measured 2026-12-04 keyword-only, with all the words since "old": the RealTimeQA 2022–23 and 2024 samples (669 and
 * 470 questions as of their quiz dates), the SQuADShifts/XQuAD sample (500, and 150 off-topic), our written questions
 * and the bench's small indexes quote the answer exactly as often as before (one quiz answer and one SQuAD answer
 * quote other sentences, neither gaining nor losing it).
 */
const ASKING_DEGREE = new Set(["long", "far", "often", "soon", "old", "big", "large", "small", "tall", "high", "wide", "deep", "close", "fast", "heavy"]);

/**
 * "What year", "which country", "what percentage" ask for a year, a country, a percentage: the answering sentence
 * names one ("in 1964", "Qatar", "35 percent") and seldom the word. Measured 2026-12-01 keyword-only: RealTimeQA
 * 2022–23 sample (679 questions as of their quiz dates) quoting the choice 28.3% → 28.4%, its 2024 sample (469)
 * 16.4% → 16.8%; the SQuADShifts/XQuAD sample 346 → 348 right, off-topic 12 as before. ("Kind" and "type" before
 * "of" answered 2 more off-topic SQuAD questions, so they stay question words.) "What term", "which word" ask for
 * the word a speaker used, which the sentence quotes rather than calls a word.
 */
const ASKING_NOUNS = new Set(["year", "percentage", "percent", "country", "city", "state", "nation", "word", "words", "term", "phrase"]);

/**
 * "How many people died?" asks for a count of persons of any kind: "three workers were killed" answers it, seldom
 * with the word. Measured 2026-12-01 keyword-only, with "people" counting any person (candidate-answers.ts): 4 more of
 * 136 questions of our own answered right; RealTimeQA 2022–23 and 2024 samples and SQuADShifts/XQuAD unchanged.
 */
export const PERSON_NOUNS: ReadonlySet<string> = new Set(["people", "persons", "individuals"]);

/** "Going to" before one of these is a movement ("going to the final"); before anything else, the future ("going to cost"). */
const DETERMINERS = new Set(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"]);

/** A word that asks nothing in its place: "how long", "which country", "is going to close". */
function isFiller(words: string[], at: number): boolean {
  const [before, word, after, next] = [words[at - 1], words[at]!, words[at + 1], words[at + 2]];
  if (before === "how" && ASKING_DEGREE.has(word)) return true;
  if (word === "money" && before === "much" && words[at - 2] === "how") return true;
  if ((before === "what" || before === "which") && ASKING_NOUNS.has(word)) return true;
  if (before === "many" && words[at - 2] === "how" && PERSON_NOUNS.has(word)) return true;
  return word === "going" && after === "to" && next !== undefined && !DETERMINERS.has(next);
}

/**
 * Turns free text into query terms. Operators, quotes, `-`, `:`, `*`, NEAR and emoji can't reach FTS5:
 * only letter/digit runs survive, each quoted as a literal string.
 */
export function parseQuery(text: string): ParsedQuery {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  const matchWords: string[] = [];
  const { text: written, acronyms } = withTypedAcronyms(text);
  const words = wordsOf(written);
  for (const [at, word] of words.entries()) {
    const typedAcronym = acronyms.has(word);
    if (!typedAcronym && (STOP_WORDS.has(word) || word.length > 40 || isFiller(words, at))) continue;
    const { term, forms } = typedAcronym ? acronymTerm(word) : wordTerm(word);
    if (seen.has(term.stem)) continue;
    seen.add(term.stem);
    terms.push(term);
    matchWords.push(...forms);
    if (terms.length === MAX_TERMS) break;
  }
  const matchExpression = matchWords.length ? matchWords.map((word) => `"${word.replace(/"/g, '""')}"`).join(" OR ") : null;
  return { terms, matchExpression };
}

/** A word, searched as every form searchFormsOf gives it. */
function wordTerm(word: string): { term: QueryTerm; forms: string[] } {
  const forms = searchFormsOf(word);
  return { term: { word, stem: matchStemOf(word), indexStems: [...new Set(forms.map(stemOf))] }, forms };
}

/**
 * An acronym the question types ("US", "WHO", "U.S.": see withTypedAcronyms) is searched as written and as its
 * letters in a row, as the index holds "U.S."; sentences match it by its key (acronymKeysOf), whichever way they
 * write it.
 */
function acronymTerm(word: string): { term: QueryTerm; forms: string[] } {
  const key = acronymKey(word);
  return { term: { word, stem: key, indexStems: acronymIndexStems(key) }, forms: [word, [...word].join(" ")] };
}

/**
 * The index stems an acronym's frequency is counted on: its letters as one word ("US") and its first letter, which
 * stands for the dotted form ("u" of "U.S.").
 */
export function acronymIndexStems(key: string): string[] {
  return [...new Set([stemOf(key.toLowerCase()), key[0]!.toLowerCase()])];
}
