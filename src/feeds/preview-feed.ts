import type { ParsedArticle } from "../articles/types";
import { feedItemArticle, feedItemId, htmlToLine } from "./feed-article";
import { fetchFullText } from "./fetch-full-text";
import { feedNetwork, fetchText, type FeedNetwork } from "./fetch-text";
import { parseFeed } from "./parse-feed";

/** Interactive, so shorter than the poller's bounds: a feed that needs longer is reported as slow. */
const PREVIEW_TIMEOUT_MS = 15_000;
const FEED_MAX_BYTES = 10 * 1024 * 1024;
const PAGE_MAX_BYTES = 5 * 1024 * 1024;

export interface FeedPreview {
  url: string;
  title: string | null;
  items: number;
  /** The newest item's article exactly as polling would store it; null when the feed has no usable item. */
  newest: ParsedArticle | null;
  /** Why the newest item gave no article. */
  problem: string | null;
}

/**
 * Fetches a feed once and builds its newest item's article the way polling does, storing nothing. Failures
 * (unreachable, not a feed) throw with a one-line reason.
 */
export async function previewFeed(url: string, options: { allowPrivate: boolean; fetch?: typeof fetch }): Promise<FeedPreview> {
  const network = feedNetwork(options.allowPrivate, options.fetch);
  try {
    return await previewThrough(network, url);
  } finally {
    await network.close();
  }
}

async function previewThrough(network: FeedNetwork, url: string): Promise<FeedPreview> {
  // fetchText holds and clears its own timer per request; this signal only stops the preview as a whole.
  const signal = new AbortController().signal;
  const response = await fetchText(url, { network, accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5", timeoutMs: PREVIEW_TIMEOUT_MS, maxBytes: FEED_MAX_BYTES, signal });
  const feed = parseFeed(response.text, response.url);
  const title = feed.titleHtml ? htmlToLine(feed.titleHtml) : null;
  const newest = [...feed.items].sort((a, b) => (b.published ?? "").localeCompare(a.published ?? ""))[0];
  if (!newest) return { url, title, items: 0, newest: null, problem: "the feed has no items" };
  const id = feedItemId(newest, url);
  if (!id) return { url, title, items: feed.items.length, newest: null, problem: "the newest item has neither a guid nor a link" };
  const outcome = await feedItemArticle(newest, id, { url, feed }, (page) =>
    fetchFullText(page, { network, timeoutMs: PREVIEW_TIMEOUT_MS, maxBytes: PAGE_MAX_BYTES, signal }),
  );
  return "error" in outcome
    ? { url, title, items: feed.items.length, newest: null, problem: outcome.error }
    : { url, title, items: feed.items.length, newest: outcome.article, problem: null };
}
