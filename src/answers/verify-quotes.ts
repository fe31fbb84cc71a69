import { getArticle, type Store } from "../store";
import type { Quote } from "./types";

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The promise users trust: every quote is checked against the stored article text at its offsets just before
 * it is returned. A quote that fails is dropped and reported, never posted.
 */
export function verifyQuotes(store: Store, quotes: Quote[], onRejected: (quote: Quote, reason: string) => void): Quote[] {
  return quotes.filter((quote) => {
    const article = getArticle(store, quote.articleId);
    if (!article) {
      onRejected(quote, "article no longer stored");
      return false;
    }
    const stored = article.text.slice(quote.start, quote.end);
    if (collapseWhitespace(stored) !== collapseWhitespace(quote.text) || quote.text.trim() === "") {
      onRejected(quote, "text differs from the stored article at its offsets");
      return false;
    }
    return true;
  });
}
