import type { Embedder } from "../embeddings/types";
import { combineWindows, resolveTimeWindow } from "../retrieval/time-window";
import { searchHybrid, type FusionWeights } from "../retrieval/search-hybrid";
import type { Passage } from "../retrieval/types";
import { readDocumentFrequencies, type Store } from "../store";
import { formatCitation, formatPublished } from "./format-citation";
import { DEFAULT_SENTENCE_WEIGHTS, scoreSentences, termWeights, type CandidateSentence, type SentenceWeights } from "./score-sentences";
import { DEFAULT_SELECTION, selectQuoteSentences, type QuoteSelection } from "./select-quotes";
import type { Answer, Citation, Quote } from "./types";
import { collapseWhitespace, verifyQuotes } from "./verify-quotes";

export interface AnswerContext {
  store: Store;
  embedder: Embedder | null;
  clock: () => Date;
  /** What "yesterday" or "in June" means. */
  timeZone: string;
  weights?: FusionWeights;
  /** DEFAULT_TUNING unless calibrating. */
  tuning?: AnswerTuning;
  onQuoteRejected?: (quote: Quote, reason: string) => void;
}

export interface AskOptions {
  since?: string;
  until?: string;
  source?: string;
}

/**
 * Below this IDF-weighted share of the question covered by the best sentence, the articles don't say.
 * Measured 2026-11-22 (bench/calibrate-answers.ts: SQuADShifts new_wiki + XQuAD-en, keyword-only; 1,000 held-out
 * answerable questions, 500 asked of the articles without their paragraph, 250 off-topic):
 *   gate 0.50: 86% answered, 71% with the gold answer; 41% of paragraph-less and 13% of off-topic questions answered
 *   gate 0.65: 69% answered, 60% with the gold answer; 19% of paragraph-less and  4% of off-topic questions answered
 *   gate 0.76: 53% answered, 47% with the gold answer;  8% of paragraph-less and  3% of off-topic questions answered
 * 0.65 is the knee: off-topic answers fall from 13% to 4% and barely fall further, while every 0.025 above it costs
 * about 2.5 points of correct answers.
 */
export const MIN_COVERAGE = 0.65;
/** Only so much of a long question takes part in retrieval. */
const MAX_QUESTION_CHARACTERS = 1000;

/** The knobs of answering that bench/calibrate-answers.ts measures. */
export interface AnswerTuning {
  /** How many retrieved passages have their sentences scored. */
  passages: number;
  /** The evidence gate: see MIN_COVERAGE. */
  minCoverage: number;
  sentences: SentenceWeights;
  selection: QuoteSelection;
}

export const DEFAULT_TUNING: AnswerTuning = {
  // Measured 2026-11-22 (see MIN_COVERAGE): 3, 5, 8 or 12 passages answer within 0.5 points of each other at
  // the same false-answer rate.
  passages: 8,
  minCoverage: MIN_COVERAGE,
  sentences: DEFAULT_SENTENCE_WEIGHTS,
  selection: DEFAULT_SELECTION,
};

/** What the articles offer for a question: the passages retrieved and their sentences, best first. */
export interface Evidence {
  question: string;
  passages: Passage[];
  /** False when nothing in the question is searchable (empty, only stop words or punctuation). */
  searchable: boolean;
  candidates: CandidateSentence[];
}

function citationOf(passage: Passage, citation: number): Citation {
  const { id, title, url, published, source } = passage.article;
  return { citation, articleId: id, title, url, published, source };
}

/** Adjacent sentences of one article become one quote; others stay separate quotes with the same citation. */
function toQuotes(sentences: CandidateSentence[]): { quotes: Quote[]; sources: Citation[] } {
  const byArticle = new Map<number, CandidateSentence[]>();
  for (const sentence of sentences) {
    const list = byArticle.get(sentence.passage.article.rowid) ?? [];
    list.push(sentence);
    byArticle.set(sentence.passage.article.rowid, list);
  }
  // Several articles: newest first, so an update reads before what it updates.
  const groups = [...byArticle.values()].sort((a, b) =>
    byArticle.size > 1 ? (b[0]!.passage.article.published ?? "").localeCompare(a[0]!.passage.article.published ?? "") : 0,
  );
  const quotes: Quote[] = [];
  const sources: Citation[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.start - b.start);
    const source = citationOf(group[0]!.passage, sources.length + 1);
    sources.push(source);
    const text = group[0]!.passage.article.text;
    let span = { start: group[0]!.start, end: group[0]!.end };
    const spans = [span];
    for (const sentence of group.slice(1)) {
      if (text.slice(span.end, sentence.start).trim() === "") span.end = sentence.end;
      else spans.push((span = { start: sentence.start, end: sentence.end }));
    }
    for (const { start, end } of spans) {
      const { citation, ...article } = source;
      quotes.push({ ...article, citation, text: collapseWhitespace(text.slice(start, end)), start, end });
    }
  }
  return { quotes, sources };
}

function answerText(quotes: Quote[], sources: Citation[]): string {
  const quoted = quotes.map((quote) => `> ${quote.text} [${quote.citation}]`).join("\n");
  return `${quoted}\n\nSources:\n${sources.map(formatCitation).join("\n")}`;
}

function closestHeadlines(passages: Passage[]): Citation[] {
  const seen = new Set<number>();
  const headlines: Citation[] = [];
  for (const passage of passages) {
    if (seen.has(passage.article.rowid) || passage.keywordScore === null) continue;
    seen.add(passage.article.rowid);
    headlines.push(citationOf(passage, headlines.length + 1));
    if (headlines.length === 3) break;
  }
  return headlines;
}

function refusal(question: string, passages: Passage[], reason: "empty" | "not-found"): Answer {
  const headlines = reason === "not-found" ? closestHeadlines(passages) : [];
  const text =
    reason === "empty"
      ? "Ask me something about the news in a few words, e.g. “What did the Kremlin say about Iran?”"
      : "I couldn't find that in the articles." +
        (headlines.length
          ? ` Closest headlines: ${headlines
              .map((headline) => `“${headline.title}” (${[headline.source, formatPublished(headline.published)].filter(Boolean).join(", ")})`)
              .join("; ")}.`
          : "");
  return { question, answered: false, quotes: [], sources: [], text, passages, closestHeadlines: headlines };
}

/** Retrieves passages for a question (its date phrases and the options filtering them) and scores their sentences. */
export async function gatherEvidence(context: AnswerContext, question: string, options: AskOptions = {}): Promise<Evidence> {
  const tuning = context.tuning ?? DEFAULT_TUNING;
  const asked = question.trim().slice(0, MAX_QUESTION_CHARACTERS);
  const { window, rest } = resolveTimeWindow(asked, context.clock(), context.timeZone);
  const dates = combineWindows({ since: options.since, until: options.until }, window);
  const filter = { ...dates, ...(options.source ? { source: options.source } : {}) };
  const result = await searchHybrid(context.store, context.embedder, { query: rest, limit: tuning.passages, filter }, context.weights);
  if (result.terms.length === 0) return { question, passages: result.passages, searchable: false, candidates: [] };
  const { chunks, frequencies } = readDocumentFrequencies(
    context.store,
    result.terms.flatMap((term) => term.indexStems),
  );
  const candidates = scoreSentences(result.passages, result.terms, termWeights(result.terms, chunks, frequencies), tuning.sentences);
  return { question, passages: result.passages, searchable: true, candidates };
}

/** Quotes the best of the evidence, verified against the stored articles, or refuses when it is too thin. */
export function answerFromEvidence(context: AnswerContext, evidence: Evidence): Answer {
  const tuning = context.tuning ?? DEFAULT_TUNING;
  const { question, passages, candidates } = evidence;
  if (!evidence.searchable) return refusal(question, passages, "empty");
  const best = candidates[0];
  if (!best || best.coverage < tuning.minCoverage) return refusal(question, passages, "not-found");

  const { quotes, sources } = toQuotes(selectQuoteSentences(candidates, tuning.selection));
  const verified = verifyQuotes(context.store, quotes, context.onQuoteRejected ?? (() => {}));
  if (verified.length === 0) return refusal(question, passages, "not-found");
  const cited = sources.filter((source) => verified.some((quote) => quote.citation === source.citation));
  // Renumber in case a rejected quote took a whole source with it.
  const renumber = new Map(cited.map((source, i) => [source.citation, i + 1]));
  const finalQuotes = verified.map((quote) => ({ ...quote, citation: renumber.get(quote.citation)! }));
  const finalSources = cited.map((source) => ({ ...source, citation: renumber.get(source.citation)! }));
  return {
    question,
    answered: true,
    quotes: finalQuotes,
    sources: finalSources,
    text: answerText(finalQuotes, finalSources),
    passages,
    closestHeadlines: [],
  };
}

/**
 * Answers a question with verbatim, cited sentences from the stored articles, or says the articles don't
 * hold it. No generated words: every quote is a span of an article's clean text, verified before returning.
 */
export async function answerQuestion(context: AnswerContext, question: string, options: AskOptions = {}): Promise<Answer> {
  return answerFromEvidence(context, await gatherEvidence(context, question, options));
}
