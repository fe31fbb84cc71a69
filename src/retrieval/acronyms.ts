import { STOP_WORDS } from "./stop-words";

/** "U.S.", "US" and "U.S" are one key, in capitals: no stem (always lower case) is ever one. */
export function acronymKey(acronym: string): string {
  return acronym.replaceAll(".", "").toUpperCase();
}

/** Capitals with dots ("U.S.", "U.S.A.", "U.S" where a sentence ends) or two to five capitals standing alone ("US", "USA"). */
const ACRONYM_IN_TEXT = /(?<![\p{L}\p{N}.])(?:\p{Lu}\.)+\p{Lu}\.?(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\p{Lu}{2,5}(?![\p{L}\p{N}])/gu;

/** A run of capitalised words: "United States", "World Health Organization". */
const CAPITALISED_RUN = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+(?![\p{L}\p{N}])/gu;

/** Acronyms are two to five letters. */
const LONGEST_ACRONYM = 5;

/**
 * The initials of each stretch of two to five words of the capitalised runs of a text, with the words they stand
 * for: "United States" → US, "World Health Organization" → WHO, "The United States Senate" → US among others.
 */
export function initialsOf(text: string): { key: string; words: string[] }[] {
  const found: { key: string; words: string[] }[] = [];
  for (const [run] of text.matchAll(CAPITALISED_RUN)) {
    const words = run.split(/\s+/);
    for (let first = 0; first < words.length - 1; first++) {
      for (let last = first + 1; last < Math.min(words.length, first + LONGEST_ACRONYM); last++) {
        const stretch = words.slice(first, last + 1);
        found.push({ key: stretch.map((word) => word[0]).join(""), words: stretch });
      }
    }
  }
  return found;
}

/**
 * The key of a name written out whose initials are `acronym`'s key ("United States" for US). It is not the acronym's
 * own key: a question's "John Thornton" is no "Jane Taylor", though both are JT. Measured 2026-12-04 keyword-only,
 * with a question's names written out also found as their acronyms (expandTerms): the RealTimeQA 2022–23 and 2024
 * samples (669 and 470 questions as of their quiz dates) quote the answer for 217 and 119 (217 and 118 with typed
 * acronyms alone, 216 and 120 before either); the SQuADShifts/XQuAD sample (367 right, 10 of 150 off-topic) and our
 * 45 + 25 written questions answer as before; the bench's 150 three-paragraph indexes answer "What US president
 * preceded Taft?" again (696 of 900 right, 17 of 450 near misses answered, as before either). With one key for
 * both, two more off-topic questions were answered ("Who was John Thornton?", "Who is Walter Rodney?").
 */
export function writtenOutKey(acronym: string): string {
  return `${acronym} written out`;
}

/**
 * The acronyms a text writes, as keys beside its stems (the words of "U.S." are "u" and "s", and "US" is "us"), and
 * its names written out (writtenOutKey), so that "the United States" is the US a question names.
 */
export function acronymKeysOf(text: string): string[] {
  return [...[...text.matchAll(ACRONYM_IN_TEXT)].map((match) => acronymKey(match[0])), ...initialsOf(text).map(({ key }) => writtenOutKey(key))];
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
