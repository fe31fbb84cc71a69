import { STOP_WORDS } from "./stop-words";

/** "U.S.", "US" and "U.S" are one key, in capitals: no stem (always lower case) is ever one. */
export function acronymKey(acronym: string): string {
  return acronym.replaceAll(".", "").toUpperCase();
}

/** Capitals with dots ("U.S.", "U.S.A.", "U.S" where a sentence ends) or two to five capitals standing alone ("US", "USA"). */
const ACRONYM_IN_TEXT = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.)+\p{Lu}\.?(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\p{Lu}{2,5}(?![\p{L}\p{N}])/gu;

/** The acronyms a text writes, as keys beside its stems: the words of "U.S." are "u" and "s", and "US" is "us". */
export function acronymKeysOf(text: string): string[] {
  return [...text.matchAll(ACRONYM_IN_TEXT)].map((match) => acronymKey(match[0]));
}

/**
 * A question with its acronyms that its words would lose written as single words, and those words (lower case):
 * "US" and "WHO" read as stop words ("us", "who"), and "U.S." as two letters. Only where the question also writes
 * lower case: in a question typed in capitals every word looks like one. Read as the pronoun, "What did the US say
 * about the steel tariffs?" was "say steel tariffs", and over two articles quoted China's answer first.
 * Measured 2026-12-04 keyword-only: the RealTimeQA 2022–23 and 2024 samples (669 and 470 questions as of their quiz
 * dates; 100 type "US") quote the answer for 217 and 118 (216 and 120 without); the SQuADShifts/XQuAD sample (367
 * right, 10 of 150 off-topic answered) and our 45 + 25 written questions answer as before; of the bench's 150
 * three-paragraph indexes one right answer fewer (695 of 900): "What US president preceded Taft?", whose
 * paragraph writes "United States Presidents".
 */
export function withTypedAcronyms(question: string): { text: string; acronyms: Set<string> } {
  const acronyms = new Set<string>();
  if (!/\p{Ll}/u.test(question)) return { text: question, acronyms };
  const text = question.replace(ACRONYM_IN_TEXT, (acronym) => {
    const key = acronymKey(acronym);
    if (!acronym.includes(".") && !STOP_WORDS.has(key.toLowerCase())) return acronym;
    acronyms.add(key.toLowerCase());
    return key;
  });
  return { text, acronyms };
}
