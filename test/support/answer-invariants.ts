import { expect } from "vitest";
import type { Answer } from "../../src/answers";
import { getArticle, type Store } from "../../src/store";

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/** The promises every answer keeps, whatever the question: verbatim quotes at their offsets, numbered sources. */
export function expectAnswerInvariants(store: Store, answer: Answer): void {
  const numbers = answer.sources.map((source) => source.citation);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  for (const quote of answer.quotes) {
    const article = getArticle(store, quote.articleId);
    expect(article).not.toBeNull();
    // Verbatim, at its offsets, inside one article.
    expect(collapse(article!.text.slice(quote.start, quote.end))).toBe(quote.text);
    expect(collapse(article!.text)).toContain(quote.text);
    const source = answer.sources.find((s) => s.citation === quote.citation);
    expect(source?.articleId).toBe(quote.articleId);
    expect(answer.text).toContain(`${quote.text} [${quote.citation}]`);
  }
  if (!answer.answered) expect(answer.quotes).toEqual([]);
}
