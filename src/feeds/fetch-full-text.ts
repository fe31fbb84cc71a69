import { parseHtmlOffThread } from "../articles/parse-html-off-thread";
import { FetchError, fetchText, type FeedNetwork } from "./fetch-text";

/** What an article page adds to a feed item that carries only a summary. */
export interface PageArticle {
  title: string;
  text: string;
  published: string | null;
  author: string | null;
}

export interface FetchFullTextOptions {
  network: FeedNetwork;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal;
}

/**
 * Fetches an item's page and extracts the article with the HTML parser of `src/articles` (Readability,
 * boilerplate stripping). Never throws except when `signal` aborts: a page that cannot be had is an error line.
 */
export async function fetchFullText(url: string, options: FetchFullTextOptions): Promise<{ article: PageArticle } | { error: string }> {
  try {
    const page = await fetchText(url, { ...options, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" });
    const contentType = page.headers.get("content-type");
    if (contentType && !/html/i.test(contentType)) return { error: `not an HTML page (${contentType.split(";")[0]})` };
    const outcome = await parseHtmlOffThread(page.text, page.url);
    if ("error" in outcome) return outcome;
    const { title, text, published, author } = outcome.article;
    return { article: { title, text, published, author } };
  } catch (error) {
    if (error instanceof FetchError) return { error: error.message };
    throw error;
  }
}
