import type { Embedder } from "../embeddings/types";
import { createArticleWriter } from "../ingest/article-writer";
import type { Logger } from "../log";
import { compactVectorsIfNeeded, findCopy, flushStore, readStoredModel, writeMeta, writeTransaction, type Store } from "../store";
import { readFeedItemHash, readFeedState, saveFeedItemHashes, saveFeedState, type FeedState } from "../store/feed-state";
import { feedItemArticle, feedItemHash, feedItemId, htmlToLine, type FeedSource } from "./feed-article";
import { fetchFullText } from "./fetch-full-text";
import { feedNetwork, fetchText, type FeedNetwork } from "./fetch-text";
import { parseFeed, type FeedItem } from "./parse-feed";

/** A failing feed is retried at most this far apart (or at the poll interval, if that is longer). */
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;
const FEED_TIMEOUT_MS = 30_000;
const PAGE_TIMEOUT_MS = 20_000;
const FEED_MAX_BYTES = 10 * 1024 * 1024;
const PAGE_MAX_BYTES = 5 * 1024 * 1024;
/** Article pages fetched at once for one feed: quick, without hammering one site. */
const PAGE_FETCH_CONCURRENCY = 4;
/** Feeds polled at once: one that hangs holds up only its own slot, until its timeout. */
const FEED_CONCURRENCY = 4;
/** New or changed items stored per feed per poll, newest first; the rest wait for the next poll. */
export const MAX_ITEMS_PER_POLL = 100;
/** Article pages fetched per feed per poll; items whose page is not fetched this time wait for the next poll. */
export const MAX_PAGE_FETCHES_PER_POLL = 30;
/** Time one feed may spend fetching article pages per poll; later items wait for the next poll. */
const PAGE_FETCH_BUDGET_MS = 90_000;
/** The timer never spins faster than this, whatever the stored poll times say. */
const MIN_TIMER_MS = 1_000;
const FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

export interface FeedPollerOptions {
  store: Store;
  /** Loads the embedding model (null: keyword-only); called once per poll that has due feeds. */
  embedder: () => Promise<Embedder | null>;
  clock: () => Date;
  /** The feed urls, or where to read them each time (a list that changes while the poller runs). */
  feeds: string[] | (() => string[]);
  intervalMinutes: number;
  logger: Logger;
  /** Fetch feeds and pages from private and local addresses too (FEEDS_ALLOW_PRIVATE, for intranet feeds). */
  allowPrivate: boolean;
  /** Sends the requests instead of the network (tests). */
  fetch?: typeof fetch;
  /** Called after each poll that polled feeds, once their articles are stored (announcements, followed questions). */
  onPolled?: (results: FeedPollResult[], now: Date) => Promise<void>;
}

/** What one poll of one feed did. */
export interface FeedPollResult {
  url: string;
  ok: boolean;
  /** Why the poll failed; null when it succeeded. */
  error: string | null;
  added: number;
  updated: number;
  unchanged: number;
  chunks: number;
  /** Items that gave no article, with the reason. */
  skipped: { item: string; reason: string }[];
  /** New or changed items left for the next poll (over the per-poll caps). */
  deferred: number;
  nextPollAt: string;
}

/** A feed's health, for /sources. */
export interface FeedStatus {
  url: string;
  title: string | null;
  /** False while the feed is failing. */
  ok: boolean;
  lastError: string | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  /** Null until the feed is first polled (it is due at once). */
  nextPollAt: string | null;
}

export interface FeedPoller {
  /** Polls the feeds whose next poll time has come; polls never overlap. */
  pollDue(now: Date): Promise<{ feeds: FeedPollResult[] }>;
  /** Polls due feeds now, then whenever the next one falls due (real timers). */
  start(): void;
  /** Stops the timer, cancels requests under way and resolves once the running poll has ended. */
  stop(): Promise<void>;
  status(): FeedStatus[];
}

/** The wait before polling again after `failures` failures in a row: the interval, doubled per further failure. */
export function retryDelayMs(intervalMs: number, failures: number): number {
  return Math.min(intervalMs * 2 ** Math.max(failures - 1, 0), Math.max(MAX_RETRY_DELAY_MS, intervalMs));
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function describeItem(item: FeedItem): string {
  return item.link ?? item.guid ?? item.titleHtml ?? "an item";
}

/** Polls RSS/Atom feeds into the store; each feed keeps its own schedule and failures in the database. */
export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { store, logger } = options;
  const listFeeds = () => [...new Set(typeof options.feeds === "function" ? options.feeds() : options.feeds)];
  const intervalMs = options.intervalMinutes * 60_000;
  let controller = new AbortController();
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let modelMismatchLogged = false;

  /** New vectors must match the stored ones; after a model change they wait for the next ingest, which re-embeds. */
  function embedderForWriting(embedder: Embedder | null): Embedder | null {
    const stored = readStoredModel(store.db);
    if (!embedder || !stored || stored.model === embedder.model) return embedder;
    if (!modelMismatchLogged) {
      logger.info({ stored: stored.model, loaded: embedder.model }, "feed articles are stored keyword-only until an ingest re-embeds the index");
      modelMismatchLogged = true;
    }
    return null;
  }

  async function ingestItems(source: FeedSource, now: Date, embedder: Embedder | null, network: FeedNetwork, signal: AbortSignal) {
    const skipped: FeedPollResult["skipped"] = [];
    const fresh: { item: FeedItem; id: string; itemHash: string }[] = [];
    let unchanged = 0;
    const seen = new Set<string>();
    for (const item of source.feed.items) {
      const id = feedItemId(item, source.url);
      if (!id) {
        skipped.push({ item: describeItem(item), reason: "the item has neither a guid nor a link" });
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      const itemHash = feedItemHash(item);
      if (readFeedItemHash(store, id) === itemHash && findCopy(store, id)) unchanged += 1;
      else fresh.push({ item, id, itemHash });
    }

    // Newest first, so what is left for the next poll is the oldest.
    fresh.sort((a, b) => (b.item.published ?? "").localeCompare(a.item.published ?? ""));
    let deferred = Math.max(fresh.length - MAX_ITEMS_PER_POLL, 0);
    const taken = fresh.slice(0, MAX_ITEMS_PER_POLL);

    let pageFetches = 0;
    const budgetStart = performance.now();
    const fetchPage = async (url: string) => {
      const page = await fetchFullText(url, { network, timeoutMs: PAGE_TIMEOUT_MS, maxBytes: PAGE_MAX_BYTES, signal });
      if ("error" in page) logger.debug({ feed: source.url, page: url, error: page.error }, "full text unavailable; keeping the feed's text");
      return page;
    };
    const outcomes = await mapWithConcurrency(taken, PAGE_FETCH_CONCURRENCY, async ({ item, id }) => {
      let overBudget = false;
      const outcome = await feedItemArticle(item, id, source, (url) => {
        if (pageFetches >= MAX_PAGE_FETCHES_PER_POLL || performance.now() - budgetStart > PAGE_FETCH_BUDGET_MS) {
          overBudget = true;
          return Promise.resolve({ error: "left for the next poll" });
        }
        pageFetches += 1;
        return fetchPage(url);
      });
      return overBudget ? null : outcome;
    });

    const writer = createArticleWriter(store, embedder, () => now, { twinsShareTitleOrLink: true });
    const written: { copyId: string; itemHash: string }[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const { item, id, itemHash } = taken[index]!;
      // Its page was not fetched this time: stored from the summary now, it would never get its full text.
      if (outcome === null) {
        deferred += 1;
        continue;
      }
      if ("error" in outcome) {
        skipped.push({ item: describeItem(item), reason: outcome.error });
        continue;
      }
      await writer.add(outcome.article);
      written.push({ copyId: id, itemHash });
    }
    await writer.flush();
    // Only once the articles are stored: an item whose write failed is tried again next time.
    saveFeedItemHashes(store, source.url, written, now.toISOString());
    return { ...writer.counts, unchanged: writer.counts.unchanged + unchanged, skipped, deferred };
  }

  /** Polls one feed and records the outcome; throws only when the poller is stopping. */
  async function pollFeed(url: string, now: Date, embedder: Embedder | null, network: FeedNetwork, signal: AbortSignal): Promise<FeedPollResult> {
    const state = readFeedState(store, url);
    const attemptedAt = now.toISOString();
    try {
      const validators: Record<string, string> = {};
      if (state?.etag) validators["if-none-match"] = state.etag;
      if (state?.lastModified) validators["if-modified-since"] = state.lastModified;
      const response = await fetchText(url, { network, accept: FEED_ACCEPT, timeoutMs: FEED_TIMEOUT_MS, maxBytes: FEED_MAX_BYTES, signal, headers: validators });
      let title = state?.title ?? null;
      let counts = { added: 0, updated: 0, unchanged: 0, chunks: 0, skipped: [] as FeedPollResult["skipped"], deferred: 0 };
      if (response.status !== 304) {
        const feed = parseFeed(response.text, response.url);
        title = feed.titleHtml ? htmlToLine(feed.titleHtml) : null;
        counts = await ingestItems({ url, feed }, now, embedder, network, signal);
      }
      const nextPollAt = new Date(now.getTime() + intervalMs).toISOString();
      saveFeedState(store, {
        url,
        title,
        lastAttemptAt: attemptedAt,
        lastSuccessAt: attemptedAt,
        lastError: null,
        consecutiveFailures: 0,
        nextPollAt,
        // Items left for the next poll must come back: no validators, or an unchanged feed would answer 304.
        etag: counts.deferred > 0 ? null : (response.headers.get("etag") ?? (response.status === 304 ? (state?.etag ?? null) : null)),
        lastModified:
          counts.deferred > 0 ? null : (response.headers.get("last-modified") ?? (response.status === 304 ? (state?.lastModified ?? null) : null)),
      });
      const { skipped, ...numbers } = counts;
      logger.info({ feed: url, ...numbers, skipped: skipped.length, notModified: response.status === 304 }, "feed polled");
      for (const item of skipped) logger.warn({ feed: url, item: item.item, reason: item.reason }, "feed item skipped");
      return { url, ok: true, error: null, ...counts, nextPollAt };
    } catch (error) {
      if (signal.aborted) throw error;
      const failures = (state?.consecutiveFailures ?? 0) + 1;
      const message = (error as Error).message;
      const nextPollAt = new Date(now.getTime() + retryDelayMs(intervalMs, failures)).toISOString();
      const failed: FeedState = {
        url,
        title: state?.title ?? null,
        lastAttemptAt: attemptedAt,
        lastSuccessAt: state?.lastSuccessAt ?? null,
        lastError: message,
        consecutiveFailures: failures,
        nextPollAt,
        etag: state?.etag ?? null,
        lastModified: state?.lastModified ?? null,
      };
      saveFeedState(store, failed);
      logger.warn({ feed: url, error: message, failures, nextPollAt }, "feed poll failed; retrying later");
      return { url, ok: false, error: message, added: 0, updated: 0, unchanged: 0, chunks: 0, skipped: [], deferred: 0, nextPollAt };
    }
  }

  async function pollDueFeeds(now: Date): Promise<{ feeds: FeedPollResult[] }> {
    const { signal } = controller;
    const due = listFeeds().filter((url) => {
      const state = readFeedState(store, url);
      return !state || Date.parse(state.nextPollAt) <= now.getTime();
    });
    const results: FeedPollResult[] = [];
    if (due.length === 0 || signal.aborted) return { feeds: results };
    const embedder = embedderForWriting(await options.embedder());
    const network = feedNetwork(options.allowPrivate, options.fetch);
    try {
      const polled = await mapWithConcurrency(due, FEED_CONCURRENCY, async (url) => {
        try {
          return await pollFeed(url, now, embedder, network, signal);
        } catch (error) {
          if (signal.aborted) return null;
          throw error;
        }
      });
      results.push(...polled.filter((result): result is FeedPollResult => result !== null));
    } finally {
      await network.close();
    }
    if (results.some((result) => result.added + result.updated > 0)) {
      compactVectorsIfNeeded(store);
      writeTransaction(store.db, () => writeMeta(store.db, "last_ingest", now.toISOString()));
      flushStore(store);
    }
    await options.onPolled?.(results, now);
    return { feeds: results };
  }

  function pollDue(now: Date): Promise<{ feeds: FeedPollResult[] }> {
    const poll = queue.then(() => pollDueFeeds(now));
    queue = poll.catch(() => undefined);
    return poll;
  }

  function msUntilNextDue(): number {
    const now = options.clock().getTime();
    const next = Math.min(
      ...listFeeds().map((url) => {
        const state = readFeedState(store, url);
        return state ? Date.parse(state.nextPollAt) : now;
      }),
    );
    return Math.min(Math.max(next - now, MIN_TIMER_MS), intervalMs);
  }

  async function tick(): Promise<void> {
    timer = null;
    // After a failure outside any one feed (database, model), due feeds stay due: wait a whole interval.
    let delay = intervalMs;
    try {
      await pollDue(options.clock());
      delay = msUntilNextDue();
    } catch (error) {
      logger.error({ err: error }, "feed polling failed; trying again after the poll interval");
    }
    if (!running) return;
    timer = setTimeout(() => void tick(), delay);
    // Polling alone must not keep the process alive.
    timer.unref();
  }

  return {
    pollDue,
    start() {
      if (running) return;
      running = true;
      if (controller.signal.aborted) controller = new AbortController();
      void tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      controller.abort();
      await queue;
    },
    status() {
      return listFeeds().map((url) => {
        const state = readFeedState(store, url);
        return {
          url,
          title: state?.title ?? null,
          ok: (state?.consecutiveFailures ?? 0) === 0,
          lastError: state?.lastError ?? null,
          lastSuccessAt: state?.lastSuccessAt ?? null,
          consecutiveFailures: state?.consecutiveFailures ?? 0,
          nextPollAt: state?.nextPollAt ?? null,
        };
      });
    },
  };
}
