import { matchStemOf, wordsOf } from "../retrieval/parse-query";
import type { QuotableTest } from "./boilerplate";
import { answersType, type EntityReader } from "./entities";
import type { QuestionAnalysis } from "./question-type";
import type { CandidateSentence } from "./score-sentences";
import { sentenceBefore } from "./speakers";
import type { Lexicon } from "./wordnet";

/** A word after "the": letters, digits, quote marks, hyphens. */
const THE_WORD = String.raw`[\p{L}\p{N}'’"“”-]+`;
/** Words after "the", one of which may be its noun: "The comedian will…", 'The "Top Gun" star, 62, …'. */
const theWords = (most: number, word = THE_WORD) => String.raw`\s+((?:${word}\s+){0,${most - 1}}${word})`;
const OPENS_WITH_THE = new RegExp(`^The${theWords(4)}`, "u");
const THE_WITHIN = new RegExp(`\\bthe${theWords(4)}`, "gu");
/**
 * A longer noun phrase opening a sentence, five words with no "the" among them: "The country's largest movie theater
 * chain announced…" (after "…a good seat at AMC Theatres."), not "The storm closed the Quay Bridge…", which names the
 * bridge asked for itself. Measured 2026-12-06 keyword-only: of the whole RealTimeQA quiz (2,209 and 1,488 questions
 * as of their quiz dates) 7 answers change; 742 and 361 quote the answer (742 and 360), AMC and Google gained, one
 * lost (a Delaware brewery: the sentence taken named another, which rankByAnswer then preferred); "Fourth time's the
 * charm for Jimmy Kimmel. The late-night TV host and comedian has been tapped…" now names him. Five words further in
 * too changed 2 more answers, one of them joining an outlet's promo line ("Closer look:Rising reports…"): not kept.
 */
const OPENS_WITH_NOUN_PHRASE = new RegExp(`^The${theWords(5, String.raw`(?!the\b)${THE_WORD}`)}`, "u");

/**
 * Whether a sentence refers back to what the question asks for by its noun: "Which comedian…?" by "The comedian…",
 * "Which company…?" by "The company…", and "Who…?" by a kind of person ("The rapper…"). Further in, only when the
 * sentence names nothing new of the asked type itself: "Which social media app…?" by "…will bar public employees from
 * using the app on government devices…". Not by a pronoun: "He met his wife…" after a sentence naming someone answered
 * "Comments by which cabinet minister…?" with him.
 */
function refersBack(text: string, analysis: QuestionAnalysis, lexicon: Lexicon, namesNew: (text: string) => boolean): boolean {
  const opening = OPENS_WITH_THE.exec(text);
  if (analysis.askedNoun === null) return opening !== null && analysis.expected === "person" && wordsOf(opening[1]!).some((word) => lexicon.isKindOf(word, "person"));
  const askedNoun = matchStemOf(analysis.askedNoun);
  const holdsAskedNoun = (words: string) => wordsOf(words).some((word) => matchStemOf(word) === askedNoun);
  const nounPhrase = OPENS_WITH_NOUN_PHRASE.exec(text);
  if ((opening && holdsAskedNoun(opening[1]!)) || (nounPhrase && holdsAskedNoun(nounPhrase[1]!))) return true;
  return [...text.matchAll(THE_WITHIN)].some((match) => holdsAskedNoun(match[1]!)) && !namesNew(text);
}

/**
 * For a question asking for a name or a place ("Which comedian announced he will return to late-night TV?"), the
 * sentence that tells what was asked often names no one: "The comedian will return to host…", after "Jon Stewart is
 * going home again." A candidate referring back so (refersBack), whose sentence before (in its paragraph or ending the
 * one above) names someone or something of the asked type that the question does not, is quoted from that sentence,
 * so the quote holds the name and rankByAnswer sees it. Its score and coverage stay its own: rescored with the
 * sentence before, the pair passed the evidence gate for questions refused before, all of them wrongly answered.
 * Measured 2026-12-03 keyword-only as of the quiz dates: RealTimeQA 2022–23 sample (669 questions) 215 quoting the
 * answer as before (one gained, "The Puerto Rican rapper took home artist of the year…" now quoted after "Bad
 * Bunny…"; one lost, whose right sentence had been a later quote), 2024 sample (470) 116 → 117, both answering as
 * many questions as before; on the whole sets
 * (2,209 and 1,488 questions, with country acronyms added just before) 717 → 716 and 347 → 348, one more answered;
 * the SQuADShifts/XQuAD sample unchanged. Kept for what a reader sees: the quote says who ("…Serena Williams waved to
 * the raucous crowd… The 23-time grand slam champion was defeated…"). Variants measured and not kept (a kind of
 * person or of the asked noun referring back; any candidate taking its sentence before): docs/answers-not-kept.md.
 * Measured 2026-12-06 keyword-only on the whole quiz (2,209 and 1,488 questions as of their quiz dates; 741 and 358
 * quoting the answer before): a sentence saying "the <asked noun>" further in and naming nothing new itself, taken so,
 * gave 741 and 360, 38 answers changed, none lost ("…at a museum in Israel last week… The incident happened Friday at
 * the Hecht Museum…"); such a sentence whether it names something or not gave 742 and 360, but changed 271 answers and
 * lost 7 right ones (Qatar Airways, Odysseus, Chipotle…). A place asked for too ("Which US state…?" by "The state's
 * judiciary committee is considering…" after "…in colonial Connecticut…"): 742 and 360, 5 answers changed, none lost.
 * Returns the candidates in their order.
 */
export function withAntecedentNamed(candidates: CandidateSentence[], analysis: QuestionAnalysis, question: string, lexicon: Lexicon): CandidateSentence[] {
  const expected = analysis.expected;
  if (expected !== "person" && expected !== "organization" && expected !== "name" && expected !== "place") return candidates;
  const asked = new Set(wordsOf(question).map(matchStemOf));
  const isNew = (name: string) => wordsOf(name).some((word) => !asked.has(matchStemOf(word)));
  const namesNew = (sentence: string) => analysis.reader.findEntities(sentence).some((entity) => answersType(entity, expected) && isNew(entity.text));
  return candidates.map((candidate) => {
    if (candidate.matched.size === 0 || !refersBack(candidate.text, analysis, lexicon, namesNew)) return candidate;
    const text = candidate.passage.article.text;
    const before = sentenceBefore(text, candidate.start);
    if (!before || !namesNew(before.text)) return candidate;
    return { ...candidate, start: before.start, text: text.slice(before.start, candidate.end) };
  });
}

/** "That's how much…", "That’s where…", "That was the value of…": a sentence pointing back at what the one before gives. */
const OPENS_WITH_THAT = /^That(?:['’]s| is| was)\s+(?:how|where|when|why|what|who|the)\b/u;

/**
 * A paragraph of at most this many words before such a sentence is what it points at: "$12.6 million", "Six.". Chosen
 * to hold an amount written out in words, not swept: the quiz's value paragraphs are one or two words.
 */
const POINTED_AT_WORDS = 6;

/**
 * News opens a story on a value and the sentence after says what it is: "TODAY’S NUMBER ¶ $1,200 ¶ That’s how much a
 * Mickey Mantle baseball card from 1952 sold for…". Quoted alone, that sentence names no amount, so it answers "How
 * much did the card sell for?" with nothing a reader can use, and no value of the asked type is seen in it. A candidate
 * opening so is quoted from the sentence before: in its paragraph, or a paragraph of a few words before it (the value
 * set apart). Its score and coverage stay its own, as withAntecedentNamed keeps them. Measured 2026-12-05
 * keyword-only on the whole RealTimeQA quiz (2,209 and 1,488 questions as of their quiz dates): 10 answers change, none
 * gaining or losing the answer by the quiz's test (726 and 353 as before); six now open on the value ("9% That’s how
 * much plastic in the US is actually recycled…", "$19.99 That’s the monthly fee that Twitter is considering…"), and
 * the card's answer quotes "…sold for a jaw-dropping $12,600,000…" instead. The SQuADShifts/XQuAD sample (390 right,
 * 10 of 150 off-topic answered), the bench's small indexes (708 right, 17 of 450 near misses answered) and our written
 * questions (104 of 144 right, 20 of 44 unanswerable answered) score as before. Returns the candidates in their order.
 */
export function withReferentShown(candidates: CandidateSentence[]): CandidateSentence[] {
  return candidates.map((candidate) => {
    if (!OPENS_WITH_THAT.test(candidate.text)) return candidate;
    const text = candidate.passage.article.text;
    const before = sentenceBefore(text, candidate.start);
    if (!before) return candidate;
    const apart = text.slice(before.start, candidate.start).includes("\n\n");
    const wholeParagraph = before.start === 0 || /\n\s*\n\s*$/.test(text.slice(Math.max(0, before.start - 20), before.start));
    if (apart && (!wholeParagraph || wordsOf(before.text).length > POINTED_AT_WORDS)) return candidate;
    return { ...candidate, start: before.start, text: text.slice(before.start, candidate.end) };
  });
}

/** "He said…", "She's been…": a sentence whose subject is someone named before it. */
const OPENS_WITH_PERSONAL_PRONOUN = /^(?:He|She)\b/;

/**
 * A quote opening "He said Russia would continue to cultivate close ties with Iran." leaves the reader to guess who
 * said it; the sentence before, in its paragraph, names him ("…Kremlin spokesperson Dmitry Peskov told reporters.").
 * Such a quote is quoted from that sentence, when it names someone and may be quoted. Only what is shown changes: the
 * quotes were picked on their own sentences. Not across a paragraph: "He added that it was too early…" opens one after
 * "…and Trump claimed Iran had provided advance warning.", but Peskov is speaking. Measured 2026-12-04 keyword-only on
 * the whole RealTimeQA sets as of their quiz dates: 25 of the 1,456 answers to the 2,209 2022–23 questions show who the
 * pronoun is ("Quan, 51, has made a long-awaited comeback… He's all but swept the best supporting actor race…", "Vonn
 * returned to the Games in 2018… She announced her retirement…"), 91 characters longer at the median; answers quoting
 * the right choice unchanged (725 of 2,209, 352 of 1,488). "It" and "They" too, measured so, lengthened 11 and 17
 * more answers by about 125 characters and made none right: not kept.
 */
export function withPronounNamed(picked: CandidateSentence[], quotable: QuotableTest, reader: EntityReader): CandidateSentence[] {
  return picked.map((candidate) => {
    if (!OPENS_WITH_PERSONAL_PRONOUN.test(candidate.text)) return candidate;
    const text = candidate.passage.article.text;
    const before = sentenceBefore(text, candidate.start);
    if (!before || text.slice(before.start, candidate.start).includes("\n\n")) return candidate;
    if (!reader.findEntities(before.text).some((entity) => entity.kind === "name")) return candidate;
    const named = { ...candidate, start: before.start, text: text.slice(before.start, candidate.end) };
    return quotable(named) ? named : candidate;
  });
}
