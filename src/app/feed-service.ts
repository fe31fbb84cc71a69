import { createFeedPoller, type FeedPoller, type FeedPollResult } from "../feeds";
import { previewFeed, type FeedPreview } from "../feeds/preview-feed";
import { ipLiteral, isPrivateAddress, PrivateAddressError } from "../feeds/private-addresses";
import type { Store } from "../store";
import { readFeedState } from "../store/feed-state";
import { addMissingFeeds, countFeedArticles, listFeeds, removeFeed, saveFeed } from "../store/feed-list";
import type { AppContext } from "./app-context";

/** A feed as `feeds list` and /feeds list show it. */
export interface FeedListing {
  url: string;
  title: string | null;
  /** "ok", "failing" (last poll failed), or "new" (not polled yet). */
  state: "ok" | "failing" | "new";
  lastSuccessAt: string | null;
  lastError: string | null;
  articles: number;
  /** Where new articles are announced; null: nowhere. */
  channelId: string | null;
}

export class FeedUrlError extends Error {}

/** An http(s) feed url, normalised as the poller keys it; throws a one-line FeedUrlError otherwise. */
export function parseFeedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FeedUrlError(`"${text.trim().slice(0, 200)}" is not a URL; give the feed's full address, e.g. https://example.com/rss.xml`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FeedUrlError(`a feed URL must start with http:// or https:// (got ${url.protocol})`);
  return url.href;
}

/**
 * A feed url to add: one the poller would refuse for its host is refused now, with the fix, rather than failing at
 * every poll: a private address literal or a localhost name (RFC 6761), unless FEEDS_ALLOW_PRIVATE. A name that
 * resolves to a private address is caught at the poll, where the address connected to is checked.
 */
export function parseFeedToAdd(text: string, allowPrivate: boolean): string {
  const url = parseFeedUrl(text);
  if (allowPrivate) return url;
  const host = new URL(url).hostname.replace(/\.$/, "");
  const literal = ipLiteral(host);
  const local = literal ? isPrivateAddress(literal) : host === "localhost" || host.endsWith(".localhost");
  if (local) throw new FeedUrlError(new PrivateAddressError(literal ?? host, literal ?? host).message);
  return url;
}

export function describeFeeds(store: Store): FeedListing[] {
  const counts = countFeedArticles(store);
  return listFeeds(store).map((feed) => {
    const state = readFeedState(store, feed.url);
    return {
      url: feed.url,
      title: state?.title ?? null,
      state: !state ? "new" : state.consecutiveFailures > 0 ? "failing" : "ok",
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastError: state?.lastError ?? null,
      articles: counts.get(feed.url) ?? 0,
      channelId: feed.channelId,
    };
  });
}

export type AfterPoll = (results: FeedPollResult[], now: Date) => Promise<void>;

/** The feeds in the database, polled while the app runs; changes take effect at once. */
export interface FeedService {
  add(url: string, announce?: { guildId: string; channelId: string | null }): { added: boolean; url: string };
  remove(url: string): boolean;
  list(): FeedListing[];
  /** Fetches once and shows the newest item as it would be stored; nothing is saved. */
  test(url: string): Promise<FeedPreview>;
  /** Polls the feeds that are due now (a feed just added is due). */
  pollDue(): Promise<{ feeds: FeedPollResult[] }>;
  /** Runs after every poll that polled feeds (announcements, followed questions). */
  afterPoll(listener: AfterPoll): () => void;
  start(): void;
  stop(): Promise<void>;
  poller: FeedPoller;
}

export function createFeedService(context: AppContext, options: { fetch?: typeof fetch } = {}): FeedService {
  const { store, clock, logger } = context;
  addMissingFeeds(store, context.config.feeds, clock());
  const listeners = new Set<AfterPoll>();
  const poller = createFeedPoller({
    store,
    embedder: context.embedder,
    clock,
    feeds: () => listFeeds(store).map((feed) => feed.url),
    intervalMinutes: context.config.feedIntervalMinutes,
    logger,
    allowPrivate: context.config.feedsAllowPrivate,
    fetch: options.fetch,
    async onPolled(results, now) {
      for (const listener of listeners) {
        await listener(results, now).catch((error: unknown) => logger.error({ err: error }, "after-poll work failed"));
      }
    },
  });
  let running = false;
  const pollDue = () => poller.pollDue(clock());
  return {
    add(text, announce) {
      const url = parseFeedToAdd(text, context.config.feedsAllowPrivate);
      const added = saveFeed(store, { url, guildId: announce?.guildId ?? null, channelId: announce?.channelId ?? null }, clock());
      logger.info({ feed: url, channelId: announce?.channelId ?? null, added }, added ? "feed added" : "feed updated");
      // Polled now rather than at the next timer tick, so a new feed shows its articles within seconds.
      if (running && added) pollDue().catch((error: unknown) => logger.error({ err: error }, "polling a new feed failed"));
      return { added, url };
    },
    remove(text) {
      // FEEDS urls are stored as written; a url typed differently is matched in its normal form.
      const url = listFeeds(store).some((feed) => feed.url === text.trim()) ? text.trim() : parseFeedUrl(text);
      const removed = removeFeed(store, url);
      if (removed) logger.info({ feed: url }, "feed removed");
      return removed;
    },
    list: () => describeFeeds(store),
    test: (text) => previewFeed(parseFeedUrl(text), { allowPrivate: context.config.feedsAllowPrivate, fetch: options.fetch }),
    pollDue,
    afterPoll(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      running = true;
      poller.start();
    },
    async stop() {
      running = false;
      await poller.stop();
    },
    poller,
  };
}
