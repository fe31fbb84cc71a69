import { buildDigest } from "../digest/build-digest";
import { addDays, localDateOf, startOfLocalDay } from "../digest/digest-window";
import type { DateWindow } from "../retrieval/time-window";
import { publishedAround, type Store } from "../store";
import { describeWindow } from "./describe-window";
import { escapeRegExp } from "./escape-regexp";
import { formatCitation, formatPublished } from "./format-citation";
import { unanswered } from "./refusals";
import type { Answer, Citation, Quote } from "./types";
import { collapseWhitespace, verifyQuotes } from "./verify-quotes";

/** The short form of a digest: a day question wants the top stories, not every one. */
const DAY_STORIES = 5;

/** Where a whitespace-collapsed verbatim sentence stands in the article text, or null. */
export function locateVerbatim(text: string, sentence: string): { start: number; end: number } | null {
  const words = collapseWhitespace(sentence).split(" ").filter(Boolean);
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join("\\s+"));
  const match = pattern.exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/**
 * Where a day without articles sends the asker: "; the latest are from 28 Nov 2026", "; the nearest are from 15 Oct
 * 2026 and 3 Nov 2026". A newcomer's "What's the news today?" over last week's articles otherwise ends there.
 */
function nearestDays(
  context: { store: Store; timeZone: string },
  window: { from: string; to: string; firstDay: string; lastDay: string },
  source: string | undefined,
): string {
  const { before, after } = publishedAround(context.store, window, source);
  const day = (published: string) => formatPublished(published.length > 10 ? localDateOf(new Date(published), context.timeZone) : published);
  if (before && after) return `; the nearest are from ${day(before)} and ${day(after)}`;
  if (before) return `; the latest are from ${day(before)}`;
  if (after) return `; the earliest are from ${day(after)}`;
  return "";
}

/**
 * "What happened yesterday?", "What's the news today?": the window's top stories, one verbatim lead quote each,
 * as the digest groups them. Quotes are verified like any answer's.
 */
export async function answerDayQuestion(
  context: { store: Store; timeZone: string; onQuoteRejected?: (quote: Quote, reason: string) => void },
  question: string,
  window: DateWindow,
  source: string | undefined,
): Promise<Answer> {
  const from = window.since ? startOfLocalDay(window.since, context.timeZone).toISOString() : new Date(0).toISOString();
  const to = window.until ? startOfLocalDay(addDays(window.until, 1), context.timeZone).toISOString() : new Date(8.64e15).toISOString();
  const digest = await buildDigest(context.store, { from, to, timeZone: context.timeZone, maxStories: DAY_STORIES, embedder: null });
  const quotes: Quote[] = [];
  const sources: Citation[] = [];
  for (const item of digest.items) {
    const article = item.articles.find((candidate) => !source || candidate.source?.toLowerCase().includes(source.toLowerCase()));
    const lead = article && item.quotes.find((quote) => quote.articleId === article.articleId);
    const stored = lead && context.store.db.prepare("SELECT text FROM articles WHERE id = ?").pluck().get(lead.articleId);
    const span = typeof stored === "string" && lead ? locateVerbatim(stored, lead.text) : null;
    if (!article || !lead || !span) continue;
    const citation: Citation = { citation: sources.length + 1, ...article };
    sources.push(citation);
    quotes.push({ ...article, citation: citation.citation, text: lead.text, ...span });
  }
  const verified = verifyQuotes(context.store, quotes, context.onQuoteRejected ?? (() => {}));
  const when = describeWindow(window);
  if (verified.length === 0) {
    const nearest = nearestDays(context, { from, to, firstDay: window.since ?? "0000-01-01", lastDay: window.until ?? "9999-12-31" }, source);
    const text = `No articles ${when}${source ? ` from ${source}` : ""}${nearest}.`;
    return unanswered(question, text);
  }
  const cited = sources.filter((citation) => verified.some((quote) => quote.citation === citation.citation));
  const more = digest.items.length + digest.moreStories - verified.length;
  const text = [
    `Top stories ${when}:`,
    ...verified.map((quote) => `> ${quote.text} [${quote.citation}]`),
    ...(more > 0 ? [`…and ${more} more ${more === 1 ? "story" : "stories"}: ask about any of them, or see /digest.`] : []),
    "",
    "Sources:",
    ...cited.map(formatCitation),
  ].join("\n");
  return { question, answered: true, quotes: verified, sources: cited, text, passages: [], closestHeadlines: [], reason: "" };
}
