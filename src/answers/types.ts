import type { Passage } from "../retrieval/types";

/** A verbatim span of one article, cited as `[citation]`. */
export interface Quote {
  text: string;
  articleId: string;
  title: string;
  url: string | null;
  published: string | null;
  source: string | null;
  citation: number;
  /** Where the quote stands in the article's clean text, for verification. */
  start: number;
  end: number;
}

/** One numbered entry of the sources list. */
export interface Citation {
  citation: number;
  articleId: string;
  title: string;
  url: string | null;
  published: string | null;
  source: string | null;
}

/** The one answer model every renderer (Discord, console, `--json`) draws from. */
export interface Answer {
  question: string;
  answered: boolean;
  quotes: Quote[];
  sources: Citation[];
  /** The message as it would be posted: quotes with `[n]`, then the sources. */
  text: string;
  /** The passages retrieved, for "why this answer". */
  passages: Passage[];
  /** Headlines of the closest articles, offered when the answer is a refusal. */
  closestHeadlines: Citation[];
  /**
   * For a refusal, the sentence saying what was searched and why nothing answers ("I couldn't find that in the
   * articles from 1 Jun 2025 to 30 Jun 2025."), which a renderer listing `closestHeadlines` itself leads with; "" for an answer.
   */
  reason: string;
}

/** The `ask --json` shape of CONTRACT.md. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    answered: answer.answered,
    quotes: answer.quotes.map(({ text, articleId, title, url, published, source, citation }) => ({
      text,
      articleId,
      title,
      url,
      published,
      source,
      citation,
    })),
    text: answer.text,
  };
}
