import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as linkedom from "linkedom";
import { normaliseUrl } from "../articles/article-id";
import { withoutControlCharacters } from "../articles/control-characters";
import { outletFromUrl } from "../articles/outlet-names";
import { parseHtmlOffThread } from "../articles/parse-html-off-thread";
import { normaliseLine } from "../articles/paragraphs";
import type { ArticleOutcome } from "../articles/types";
import type { PageArticle } from "./fetch-full-text";
import type { FeedItem, ParsedFeed } from "./parse-feed";

// linkedom loads with the first feed title read, not with the app: a bot or console without feeds never needs it.
const require = createRequire(import.meta.url);

/** Feed text shorter than this is a summary: the item's page is fetched for the full article. */
export const FULL_TEXT_MIN_CHARS = 500;
const TITLE_FROM_TEXT_CHARS = 120;

/** The feed an item came from, as its articles describe it. */
export interface FeedSource {
  url: string;
  feed: ParsedFeed;
}

/**
 * The copy id of a feed item: its guid when it has one (feed ids are global when they are IRIs, else only
 * unique within their feed), else its normalised link. Prefixed so feed copies never share ids with files.
 */
export function feedItemId(item: FeedItem, feedUrl: string): string | null {
  if (item.guid) return /^[a-z][a-z0-9+.-]*:/i.test(item.guid) ? `feed:${item.guid}` : `feed:${feedUrl}#${item.guid}`;
  if (item.link) return `feed:${normaliseUrl(item.link)}`;
  return null;
}

/** Changes whenever the feed changes anything about the item, i.e. when its article may need updating. */
export function feedItemHash(item: FeedItem): string {
  return createHash("sha256").update(JSON.stringify(item)).digest("hex");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Titles are short: a longer one is cut before parsing, which bounds the parse however it nests. */
const TITLE_HTML_MAX_CHARS = 2_000;

/** An HTML title (entities, stray tags) as one line of text. */
export function htmlToLine(html: string): string {
  const bounded = html.slice(0, TITLE_HTML_MAX_CHARS);
  const { parseHTML } = require("linkedom") as typeof linkedom;
  const { document } = parseHTML(`<!doctype html><html><body><p>${bounded}</p></body></html>`) as unknown as {
    document: { body: { textContent: string | null } };
  };
  return normaliseLine(document.body.textContent ?? "");
}

/** Feed HTML as article text: paragraphs kept, furniture stripped, exactly as for an HTML file (off the main thread). */
async function htmlToText(html: string, title: string): Promise<string | null> {
  const page = `<!doctype html><html><head><meta property="og:title" content="${escapeHtml(title || "untitled")}"></head><body><article>${html}</article></body></html>`;
  const outcome = await parseHtmlOffThread(page, "feed item");
  return "article" in outcome ? outcome.article.text : null;
}

function longest(texts: (string | null)[]): string | null {
  return texts.reduce<string | null>((best, text) => (text && text.length > (best?.length ?? 0) ? text : best), null);
}

function titleFromText(text: string): string {
  const line = text.split("\n")[0]!;
  return line.length <= TITLE_FROM_TEXT_CHARS ? line : `${line.slice(0, TITLE_FROM_TEXT_CHARS).replace(/\s+\S*$/, "")}…`;
}

/**
 * The article of feed item `id` (see `feedItemId`): the feed's own text when it is a full article, else the
 * text of the item's page (`fetchPage`), falling back to the summary when the page cannot be had or says less.
 */
export async function feedItemArticle(
  item: FeedItem,
  id: string,
  source: FeedSource,
  fetchPage: (url: string) => Promise<{ article: PageArticle } | { error: string }>,
): Promise<ArticleOutcome> {
  const itemTitle = item.titleHtml ? htmlToLine(item.titleHtml) : "";
  const feedText = longest(await Promise.all([item.contentHtml, item.summaryHtml].map((html) => (html ? htmlToText(html, itemTitle) : null))));

  let page: PageArticle | null = null;
  let pageError: string | null = null;
  if ((feedText?.length ?? 0) < FULL_TEXT_MIN_CHARS && item.link) {
    const fetched = await fetchPage(item.link);
    if ("article" in fetched) page = fetched.article;
    else pageError = fetched.error;
  }
  const text = page && page.text.length > (feedText?.length ?? 0) ? page.text : feedText;
  if (!text) return { error: pageError ? `no text in the feed, and its page: ${pageError}` : "no text in the feed" };

  const feedTitle = source.feed.titleHtml ? htmlToLine(source.feed.titleHtml) : "";
  return {
    article: withoutControlCharacters({
      id,
      title: itemTitle || page?.title || titleFromText(text),
      text,
      url: item.link,
      published: item.published ?? page?.published ?? null,
      // The outlet table first, so an outlet's articles carry one name whether they came from a feed or a file.
      source: outletFromUrl(item.link) ?? outletFromUrl(source.feed.link) ?? (feedTitle || new URL(source.url).hostname),
      author: item.author ?? page?.author ?? null,
      // No file: pruning and the folder watcher leave feed articles alone.
      path: null,
    }),
  };
}
