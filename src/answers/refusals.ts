import type { Passage } from "../retrieval/types";
import type { ArticleFilter } from "../store";
import { describeMonth, describeWindow } from "./describe-window";
import { citationOf, formatPublished } from "./format-citation";
import type { Answer, Citation } from "./types";

/** The articles of the best keyword-matched passages, up to three: where a refused asker may look. */
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

function headlineList(headlines: Citation[]): string {
  return headlines
    .map((headline) => {
      const details = [headline.source, formatPublished(headline.published)].filter(Boolean).join(", ");
      return `“${headline.title}”${details ? ` (${details})` : ""}`;
    })
    .join("; ");
}

/** " from 1 Jun 2025 to 3 Jun 2025 from Reuters": what a filtered search covered, or "" when nothing was filtered. */
function searchedScope(filter: ArticleFilter): string {
  const when = describeWindow(filter);
  return `${when ? ` ${when}` : ""}${filter.source ? ` from ${filter.source}` : ""}`;
}

/** No answer: `reason`, then the closest headlines when there are any. */
function refusedWith(question: string, passages: Passage[], reason: string, headlines: Citation[]): Answer {
  const text = reason + (headlines.length ? ` Closest headlines: ${headlineList(headlines)}.` : "");
  return { question, answered: false, quotes: [], sources: [], text, passages, closestHeadlines: headlines, reason };
}

/** No answer: an empty question is asked to say more; otherwise what was searched and the closest headlines. */
export function refusal(question: string, passages: Passage[], reason: "empty" | "not-found", filter: ArticleFilter = {}): Answer {
  if (reason === "empty") return refusedWith(question, passages, "Ask me something about the news in a few words, e.g. “What did the Kremlin say about Iran?”", []);
  return refusedWith(question, passages, `I couldn't find that in the articles${searchedScope(filter)}.`, closestHeadlines(passages));
}

/** No answer to "What did X say?": the articles name X, but no sentence gives X's words. */
export function notSaid(question: string, passages: Passage[], speaker: string, filter: ArticleFilter = {}): Answer {
  return refusedWith(question, passages, `I couldn't find what ${speaker} said in the articles${searchedScope(filter)}.`, closestHeadlines(passages));
}

/** No answer, with a message of its own: a filter or a date that cannot match, a day without articles. */
export function unanswered(question: string, text: string): Answer {
  return { question, answered: false, quotes: [], sources: [], text, passages: [], closestHeadlines: [], reason: text };
}

/** A refusal under filters, told where the same question does find an answer ("…one article from June 2025 mentions it"). */
export function withAnswerElsewhere(refused: Answer, filter: ArticleFilter, elsewhere: Answer): Answer {
  const articles = elsewhere.sources;
  if (!elsewhere.answered || articles.length === 0) return refused;
  // "In June" resolved to this June: point at a June of another year when an article is from one.
  const dates = articles.map((article) => article.published).filter((date): date is string => Boolean(date));
  const published = dates.find((date) => filter.since !== undefined && date.slice(5, 7) === filter.since.slice(5, 7)) ?? dates[0];
  const hint = (filter.since || filter.until) && published ? `ask about ${describeMonth(published)}` : "ask without the outlet filter";
  const count = articles.length === 1 ? "one article" : `${articles.length} articles`;
  const text = `Nothing${searchedScope(filter)}; ${count} outside that ${articles.length === 1 ? "mentions" : "mention"} it: ${headlineList(articles)} — ${hint}.`;
  return { ...refused, text, reason: text };
}
