import { splitSentences, type SentenceSpan } from "../chunking/split-sentences";
import { wordsOf } from "../retrieval/parse-query";
import type { QuotableTest } from "./boilerplate";
import { answerKey } from "./candidate-answers";
import type { EntityReader } from "./entities";
import type { QuestionAnalysis } from "./question-type";
import type { CandidateSentence } from "./score-sentences";

/** Sentences of the article read for its longer names: news gives a full name in its first paragraphs (chosen, not swept). */
const SENTENCES_READ = 40;

/**
 * Titles that stand before a surname: "Ms. Johansson" and "Gov. Newsom" name no one more fully than the surname does.
 * Taken for a fuller name, "…outreach to Ms. Johansson" in a further quote kept "Scarlett Johansson" from being shown.
 * Measured 2026-12-06 keyword-only on the whole RealTimeQA quiz (2,209 and 1,488 questions as of their quiz dates):
 * 2024 quotes the answer for 357 (356), 2022–23 for 737 as before, 2 answers changed; the SQuADShifts/XQuAD sample,
 * its off-topic questions and our written questions answer as before.
 */
const TITLES: ReadonlySet<string> = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "cpl", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "det", "insp"]);

/**
 * The question asks for a person, a body or another name. Not a place: "Washington" answers "Which state…?" alone,
 * and "George Washington" is someone else.
 */
export function asksForName(analysis: QuestionAnalysis): boolean {
  return analysis.expected === "person" || analysis.expected === "organization" || analysis.expected === "name";
}

/**
 * News names someone in full once, then by surname: "Curtis, who won the award for best supporting actress…" answers
 * "Who won the Oscar for Best Supporting Actress?" but leaves the reader to ask which Curtis. When the best quote's
 * answer is one word and no quote shows a longer name ending in it, the article's first sentence naming it in full
 * ("Jamie Lee Curtis…") is quoted too: the longer name its article gives most often, the first one on a tie ("Donald
 * Trump" over "Donald Trump Jr." when the story is his). Returns the picked sentences with it after the best one.
 * Measured 2026-12-05 keyword-only on the whole RealTimeQA quiz (2,209 and 1,488 questions as of their quiz dates):
 * the answer quoted for 737 and 356 (730 and 353 before; none lost: "Curtis…" with "Jamie Lee Curtis…", "The Bucks
 * are the first team…" with "The Milwaukee Bucks continued…", "…Carroll told jurors" with "E. Jean Carroll's civil
 * defamation lawsuit…"), 93 of the 2,387 answers changed, 6 characters longer on average; the SQuADShifts/XQuAD sample
 * 391 right (390), 10 of 150 off-topic answered as before; the bench's small indexes and our written questions right
 * as often as before. Any longer name holding the word, not only ending in it, quoted "Fenley Athletic" for "Fenley's
 * fifth penalty" and "Wendle Valley Museum" for "the River Wendle" among our written questions: not kept. Nor, for
 * "who…?", one holding the word whose other words the lexicon does not know ("Yoon Suk Yeol" for "Yoon"): one more
 * quiz answer right, but a byline ("Hyung-Jin Kim and Juwon Park" for "Jin") and a law's name ("Juneteenth National
 * Independence Day Act") quoted among 8 answers changed.
 */
export function withFullNameShown(picked: CandidateSentence[], quotable: QuotableTest, reader: EntityReader): CandidateSentence[] {
  const [best] = picked;
  if (!best?.answer || best.answer.includes(" ") || /\p{N}/u.test(best.answer)) return picked;
  const word = best.answer;
  const endsWithWord = (name: string) => {
    const key = answerKey(name);
    return key.endsWith(` ${word}`) && key.split(" ").slice(0, -1).some((other) => !TITLES.has(other));
  };
  const longer = (text: string) => reader.findEntities(text).filter((entity) => entity.kind === "name" && endsWithWord(entity.text));
  if (picked.some((chosen) => longer(chosen.text).length > 0)) return picked;
  const text = best.passage.article.text;
  const sentences = splitSentences(text).slice(0, SENTENCES_READ).filter((sentence) => wordsOf(sentence.text).includes(word));
  const named = new Map<string, { count: number; first: SentenceSpan }>();
  for (const sentence of sentences) {
    for (const entity of longer(sentence.text)) {
      const key = answerKey(entity.text);
      const seen = named.get(key);
      if (seen) seen.count += 1;
      else named.set(key, { count: 1, first: sentence });
    }
  }
  const [mostNamed] = [...named.values()].sort((a, b) => b.count - a.count || a.first.start - b.first.start);
  if (!mostNamed) return picked;
  const { start, end } = mostNamed.first;
  if (picked.some((chosen) => chosen.passage.article.rowid === best.passage.article.rowid && chosen.start < end && start < chosen.end)) return picked;
  const fullName: CandidateSentence = { ...best, start, end, text: text.slice(start, end), matched: new Set(), exact: new Set(), coverage: 0, score: 0, nearDate: 0 };
  return quotable(fullName) ? [best, fullName, ...picked.slice(1)] : picked;
}
