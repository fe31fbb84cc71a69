import type { Embedder } from "../embeddings/types";
import { combineWindows, resolveTimeWindow } from "../retrieval/time-window";
import { searchHybrid, type FusionWeights } from "../retrieval/search-hybrid";
import type { Passage } from "../retrieval/types";
import { readDocumentFrequencies, type Store } from "../store";
import { formatCitation, formatPublished } from "./format-citation";
import { scoreSentences, termWeights, type CandidateSentence } from "./score-sentences";
import { selectQuoteSentences } from "./select-quotes";
import type { Answer, Citation, Quote } from "./types";
import { collapseWhitespace, verifyQuotes } from "./verify-quotes";

export interface AnswerContext {
  store: Store;
  embedder: Embedder | null;
  clock: () => Date;
  /** What "yesterday" or "in June" means. */
  timeZone: string;
  weights?: FusionWeights;
  onQuoteRejected?: (quote: Quote, reason: string) => void;
}

export interface AskOptions {
  since?: string;
  until?: string;
  source?: string;
}

/** Below this IDF-weighted share of the question covered by the best sentence, the articles don't say. */
export const MIN_COVERAGE = 0.5;
/** Only so much of a long question takes part in retrieval. */
const MAX_QUESTION_CHARACTERS = 1000;
const PASSAGES = 8;

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

/**
 * Answers a question with verbatim, cited sentences from the stored articles, or says the articles don't
 * hold it. No generated words: every quote is a span of an article's clean text, verified before returning.
 */
export async function answerQuestion(context: AnswerContext, question: string, options: AskOptions = {}): Promise<Answer> {
  const asked = question.trim().slice(0, MAX_QUESTION_CHARACTERS);
  const { window, rest } = resolveTimeWindow(asked, context.clock(), context.timeZone);
  const dates = combineWindows({ since: options.since, until: options.until }, window);
  const filter = { ...dates, ...(options.source ? { source: options.source } : {}) };
  const result = await searchHybrid(context.store, context.embedder, { query: rest, limit: PASSAGES, filter }, context.weights);
  if (result.terms.length === 0) return refusal(question, result.passages, "empty");

  const { chunks, frequencies } = readDocumentFrequencies(
    context.store,
    result.terms.map((term) => term.stem),
  );
  const candidates = scoreSentences(result.passages, result.terms, termWeights(result.terms, chunks, frequencies));
  const best = candidates[0];
  if (!best || best.coverage < MIN_COVERAGE) return refusal(question, result.passages, "not-found");

  const { quotes, sources } = toQuotes(selectQuoteSentences(candidates));
  const verified = verifyQuotes(context.store, quotes, context.onQuoteRejected ?? (() => {}));
  if (verified.length === 0) return refusal(question, result.passages, "not-found");
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
    passages: result.passages,
    closestHeadlines: [],
  };
}
