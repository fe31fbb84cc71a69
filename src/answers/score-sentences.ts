import { splitSentences } from "../chunking/split-sentences";
import { acronymKeysOf } from "../retrieval/acronyms";
import { matchStemOf, wordsOf, type QueryTerm } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";
import { WEEKDAYS } from "../retrieval/time-window";
import type { Passage } from "../retrieval/types";
import type { StoredArticle } from "../store/types";
import type { TermAlternatives } from "./expand-terms";
import { phrasalKeysOf } from "./phrasal-verbs";

/** A sentence of a retrieved passage (with the sentence before it when it leans on that one), placed in its article's clean text. */
export interface CandidateSentence {
  passage: Passage;
  /** Offsets in the article's clean text. */
  start: number;
  end: number;
  text: string;
  /** Stems of the query terms this sentence contains, itself or in other words. */
  matched: Set<string>;
  /** Those of `matched` it holds word for word, not only in other words. */
  exact: Set<string>;
  /** IDF-weighted share of the question this sentence covers (0..1); other words, the title and the sentence before count in part. */
  coverage: number;
  score: number;
  /**
   * The part of `score` its article's nearness to the day asked gave it (near-asked-date.ts): it orders sentences,
   * but what may be quoted beside the best one is judged without it.
   */
  nearDate: number;
  /** The candidate answer this sentence holds (see candidate-answers.ts), normalised; null when none. */
  answer: string | null;
  /** The answer is a number counting what "How many X…?" asks for ("400 firefighters"). */
  answerCounts: boolean;
}

/** How a sentence's score mixes its own evidence with its passage's. */
export interface SentenceWeights {
  /** Credit for a query term found only in the article's title, as a share of the term's weight. */
  title: number;
  /** Weight of the passage's retrieval score, relative to the best passage's. */
  rank: number;
  /** Weight of the passage's dense similarity, when there is one. */
  dense: number;
  /**
   * Weight of a question word no article uses, as a share of its IDF. The articles may say it in other words
   * WordNet does not relate to it, so its absence is weaker evidence than a present word's (one they say in words it
   * relates is weighed as those: weighedAsSaid in answer-question.ts); a name the question capitalises keeps its
   * full weight (an article that never names Mongolia is not about Mongolia), as does the noun of what is asked for
   * (one that never writes "prison" names no prison: QuestionAnalysis.askedNoun).
   * Measured 2026-12-01 keyword-only, the asked noun kept whole: 0.5 → 0.35 answers 4 more of our own 45 answerable
   * questions right (27 → 31) and no more of the 25 unanswerable ones (8); of a second set kept out of development,
   * 28 of 40 right (27) and 6 of 20 unanswerable answered as before; the SQuADShifts/XQuAD sample 370 right (369),
   * off-topic 11 of 150 as before; the RealTimeQA samples, whose thousands of articles use nearly every word,
   * unchanged. 0.25 answered one more of ours and one more off-topic question; without the asked noun kept whole,
   * 0.35 answered one more unanswerable question of ours (9) and 0.25 two more (10). Measured again 2026-12-02, once
   * a word said in other words was no longer absent: 0.25 answers two more of a third written set's 40 questions
   * right (20) and one more off-topic question (11); 0.5 one fewer of each written set right. The quiz samples quote
   * the answer as often at either.
   */
  absent: number;
  /**
   * Added when the sentence holds an entity of the asked type that the question does not already name, near a
   * question word. Measured 2026-12-02 keyword-only, answers quoting the answer on the RealTimeQA 2022–23 sample
   * (669 questions as of their quiz dates) and 2024 sample (470), right on the SQuADShifts/XQuAD sample (500) and on
   * our 45 written questions:
   *   0.1: 220, 103, 368, 36
   *   0.2: 221, 105, 366, 35
   *   0.3: 219, 105, 363, 34
   *   0.4: 219, 105, 361, 34
   * Off-topic (10 of 150), our unanswerable questions (6 of 25 answered) and a second written set kept out of
   * development (29 of 40 right) the same throughout. 0.1 trades three quiz answers for two SQuAD ones and one of
   * ours.
   */
  answerType: number;
  /**
   * Added in proportion to the share of the evidence that agrees on the sentence's candidate answer. Measured as
   * answerType (the same sets, in the same order):
   *   0.1: 215, 105, 367, 36
   *   0.2: 221, 105, 366, 35
   *   0.3: 219, 105, 364, 34
   *   0.4: 218, 103, 361, 34
   * The rest as for answerType.
   */
  agreement: number;
  /**
   * Added when the person or body asked about ("What did X say?") speaks in the sentence. Measured 2026-12-02 as
   * answerType: 0.15 and 0.5 answer exactly as 0.3 on every one of those sets (few of their questions ask what
   * someone said).
   */
  speaker: number;
  /**
   * Weight of a word of the sentence that asks, when a question states a fact first (QuestionAnalysis.askingPart),
   * relative to the fact's words: the sentence that answers holds what is asked ("What year was she first
   * elected?": "She was first elected in 1992."), while the story's own words pick out sentences that only retell it
   * ("Sen. Dianne Feinstein … won't seek reelection in 2024"). Measured 2026-12-02 keyword-only, answers quoting the
   * answer (of those answered) on the RealTimeQA 2022–23 sample (669 questions as of their quiz dates) and 2024
   * sample (470):
   *   1:    221 (434), 105 (291)
   *   1.25: 221 (435), 106 (291)
   *   1.5:  223 (436), 105 (292)
   *   1.75: 223 (436), 106 (293)
   *   2:    224 (436), 106 (293)
   *   2.5:  223 (437), 105 (292)
   * The SQuADShifts/XQuAD sample, off-topic questions and our written ones ask in one sentence each: unchanged.
   */
  asking: number;
  /**
   * Credit for a query term found only in the sentence before, as a share of the term's weight. News carries a
   * subject on into the next sentence ("…strikes on the U.S. Al Udeid Air Base…. The attack caused no casualties");
   * a sentence credited so is quoted with the sentence before it, so the quote holds every word it was credited for.
   */
  leadIn: number;
  /** Added to each sentence of an article published on the day asked, times the article's best coverage (near-asked-date.ts). */
  nearDate: number;
  /** Days either side of the day asked over which `nearDate` fades to nothing. */
  nearDays: number;
}

/**
 * See bench/calibrate-answers.ts and bench/news-quiz-run.ts for how each was measured. leadIn, measured 2026-12-01
 * keyword-only on the RealTimeQA 2022–23 sample (679 questions as of their quiz dates, quoting the answer) and the
 * SQuADShifts/XQuAD sample (500 answerable questions answered right, 150 off-topic ones answered), with the 2024
 * quiz sample (469) as the check:
 *   0:    27.7%, 337 right, 13 off-topic (2024: 16.2%)
 *   0.5:  28.0%, 349 right, 14 off-topic (2024: 16.4%)
 *   0.75: 27.7%, 354 right, 15 off-topic (2024: 17.7%)
 * Across paragraphs too, a quote could open with an outlet's promo or another speaker's words. Giving the credit to
 * ranking only, not to the coverage the evidence gate weighs, kept off-topic at 13 but cost quiz answers.
 * A bonus for a news lead was measured and not kept: docs/answers-not-kept.md.
 */
export const DEFAULT_SENTENCE_WEIGHTS: SentenceWeights = { title: 0.5, rank: 0.1, dense: 0.05, absent: 0.35, answerType: 0.2, agreement: 0.2, speaker: 0.3, asking: 2, leadIn: 0.5, nearDate: 0.4, nearDays: 30 };

/** An IDF: log(1 + (N - df + 0.5) / (df + 0.5)). */
export function inverseDocumentFrequency(chunks: number, df: number): number {
  return Math.log(1 + (chunks - df + 0.5) / (df + 0.5));
}

/**
 * IDF of each query term over the chunks, from the document frequencies of its index stems (summed: a chunk with
 * "find" and "found" counts twice, rarely enough not to matter). A term no chunk holds is discounted by
 * `absent` unless it is one of `names`.
 * Frequencies smoothed toward general English were measured and not kept: docs/answers-not-kept.md.
 */
export function termWeights(
  terms: QueryTerm[],
  chunks: number,
  frequencies: Map<string, number>,
  options: { absent: number; names: Set<string>; asking?: { words: Set<string>; weight: number } } = { absent: 1, names: new Set() },
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { word, stem, indexStems } of terms) {
    const df = Math.min(chunks, indexStems.reduce((sum, indexStem) => sum + (frequencies.get(indexStem) ?? 0), 0));
    const idf = inverseDocumentFrequency(chunks, df);
    const weight = df === 0 && !options.names.has(word) ? idf * options.absent : idf;
    weights.set(stem, options.asking?.words.has(word) ? weight * options.asking.weight : weight);
  }
  return weights;
}

/** The words a question writes capitalised after its first word: names, as the asker wrote them. */
export function capitalisedWords(question: string): Set<string> {
  const names = new Set<string>();
  for (const match of question.matchAll(/(?<=\S\s+)(\p{Lu}[\p{L}\p{N}'’]*)/gu)) {
    for (const word of wordsOf(match[1]!)) names.add(word);
  }
  return names;
}

/**
 * A text's match stems, and its phrasal verbs (phrasal-verbs.ts) and acronyms (retrieval/acronyms.ts) as keys: what
 * question terms and their alternatives are looked up in.
 */
export function matchKeysOf(text: string, words: readonly string[] = wordsOf(text), stems: readonly string[] = words.map(matchStemOf)): Set<string> {
  // A stop word is no question term, and the stem of one would match a term sharing it: "one" is stemmed "on".
  const own = stems.filter((_, i) => !STOP_WORDS.has(words[i]!));
  return new Set([...own, ...phrasalKeysOf(words, stems), ...acronymKeysOf(text)]);
}

/** How much of a term a set of stems holds: 1 for the word itself, an alternative's credit, else 0. */
export function termCredit(stem: string, stems: ReadonlySet<string>, alternatives: TermAlternatives): number {
  if (stems.has(stem)) return 1;
  let best = 0;
  for (const [alternative, credit] of alternatives.get(stem) ?? []) if (credit > best && stems.has(alternative)) best = credit;
  return best;
}

/** The IDF-weighted share of the question a text holds, itself or in other words (0..1), from the text's match stems. */
export function coverageOf(stems: ReadonlySet<string>, terms: QueryTerm[], weights: Map<string, number>, alternatives: TermAlternatives): number {
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
  return terms.reduce((covered, { stem }) => covered + (weights.get(stem) ?? 0) * termCredit(stem, stems, alternatives), 0) / total;
}

/** How much of an article's text is its lead, for the weekday it names. */
const LEAD_CHARACTERS = 400;

/**
 * What every sentence of an article gets part credit for: its title's words, and a weekday the question asks about
 * that the article's lead names. A story names the day once, in its lead ("The Kremlin said Tuesday that…"), and
 * the sentences after it tell that day's news: "What did Peskov say on Tuesday?" was refused, as no sentence of
 * Peskov's words says "Tuesday". Measured 2026-12-07 keyword-only: of the whole RealTimeQA quiz (2,209 and 1,488
 * questions as of their quiz dates) 14 and 8 answers change, the answer quoted for 742 and 362 as before and first
 * for one more of each ("McVie joined Fleetwood Mac in 1970…" now leads); the SQuADShifts/XQuAD sample, its off-topic
 * questions, the small indexes and our written questions answer as before. The weekday anywhere in the article:
 * docs/answers-not-kept.md.
 */
function contextKeysOf(article: StoredArticle, terms: readonly QueryTerm[]): Set<string> {
  const keys = matchKeysOf(article.title);
  const lead = article.text.slice(0, LEAD_CHARACTERS);
  for (const { word, stem } of terms) if (WEEKDAYS.includes(word) && new RegExp(`\\b${word}\\b`, "i").test(lead)) keys.add(stem);
  return keys;
}

/**
 * The question terms a sentence holds (`stems`), with part credit for the title's and the sentence before's, as an
 * IDF-weighted share of the question; `leansOnBefore` when the sentence before gives some term more than the rest.
 */
function coverTerms(
  stems: ReadonlySet<string>,
  contextKeys: ReadonlySet<string>,
  beforeStems: ReadonlySet<string> | null,
  terms: QueryTerm[],
  weights: Map<string, number>,
  sentenceWeights: SentenceWeights,
  alternatives: TermAlternatives,
): { matched: Set<string>; exact: Set<string>; coverage: number; leansOnBefore: boolean } {
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) || 1;
  const matched = new Set<string>();
  const exact = new Set<string>();
  let covered = 0;
  let leansOnBefore = false;
  for (const { stem } of terms) {
    const weight = weights.get(stem) ?? 0;
    const credit = termCredit(stem, stems, alternatives);
    if (credit > 0) matched.add(stem);
    if (credit === 1) exact.add(stem);
    const own = Math.max(credit, termCredit(stem, contextKeys, alternatives) * sentenceWeights.title);
    const fromBefore = beforeStems ? termCredit(stem, beforeStems, alternatives) * sentenceWeights.leadIn : 0;
    if (fromBefore > own) leansOnBefore = true;
    covered += weight * Math.max(own, fromBefore);
  }
  return { matched, exact, coverage: covered / total, leansOnBefore };
}

/**
 * A candidate quoted from `start`, earlier in its article, instead: it covers what the longer span holds, and scores
 * the more for what that adds.
 */
export function quotedFrom(
  candidate: CandidateSentence,
  start: number,
  terms: QueryTerm[],
  weights: Map<string, number>,
  sentenceWeights: SentenceWeights,
  alternatives: TermAlternatives,
): CandidateSentence {
  const { article } = candidate.passage;
  const text = article.text.slice(start, candidate.end);
  const { matched, exact, coverage } = coverTerms(matchKeysOf(text), contextKeysOf(article, terms), null, terms, weights, sentenceWeights, alternatives);
  const gain = Math.max(0, coverage - candidate.coverage);
  return {
    ...candidate,
    start,
    text,
    matched: new Set([...candidate.matched, ...matched]),
    exact: new Set([...candidate.exact, ...exact]),
    coverage: candidate.coverage + gain,
    score: candidate.score + gain,
  };
}

/**
 * Scores every sentence of the retrieved passages on the query terms it contains, itself or in other words
 * (IDF-weighted), with some credit for the article title and the sentence before (then quoted with it), and a little
 * for the passage's retrieval rank and its dense similarity. Fragments and very long sentences are discounted: they
 * make poor quotes.
 */
/** A sentence that ends in a question mark, inside closing quotes or not. */
const ASKS = /\?["”’']?\s*$/;

export function scoreSentences(
  passages: Passage[],
  terms: QueryTerm[],
  weights: Map<string, number>,
  sentenceWeights: SentenceWeights = DEFAULT_SENTENCE_WEIGHTS,
  alternatives: TermAlternatives = new Map(),
): CandidateSentence[] {
  const topScore = passages[0]?.score ?? 1;
  const candidates: CandidateSentence[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    const contextKeys = contextKeysOf(passage.article, terms);
    let previous: { stems: Set<string>; start: number; end: number } | null = null;
    for (const sentence of splitSentences(passage.chunk.text)) {
      // The sentence before, in the same paragraph: a new paragraph is a new turn (a promo, another speaker).
      const before = previous && !passage.chunk.text.slice(previous.end, sentence.start).includes("\n\n") ? previous : null;
      const words = wordsOf(sentence.text);
      const stems = matchKeysOf(sentence.text, words);
      previous = { stems, start: sentence.start, end: sentence.end };
      const key = `${passage.article.rowid}:${passage.chunk.start + sentence.start}`;
      // Overlapping chunks share a sentence; score it once, with its best passage. A question asks, it answers
      // nothing: a quiz's own "Which wildly popular show was recently green lit for a new season?" was quoted.
      if (seen.has(key) || ASKS.test(sentence.text)) continue;
      seen.add(key);
      const { matched, exact, coverage, leansOnBefore } = coverTerms(stems, contextKeys, before?.stems ?? null, terms, weights, sentenceWeights, alternatives);
      const start = passage.chunk.start + (leansOnBefore ? before!.start : sentence.start);
      const end = passage.chunk.start + sentence.end;
      const shape = words.length < 6 ? 0.5 : words.length > 70 ? 0.8 : 1;
      const rank = passage.score / topScore;
      const dense = passage.denseSimilarity ?? 0;
      candidates.push({
        passage,
        start,
        end,
        text: leansOnBefore ? passage.article.text.slice(start, end) : sentence.text,
        matched,
        exact,
        coverage,
        score: shape * (coverage + sentenceWeights.rank * rank + sentenceWeights.dense * dense),
        nearDate: 0,
        answer: null,
        answerCounts: false,
      });
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}
