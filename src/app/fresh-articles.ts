import { createFeedPoller, type FeedStatus } from "../feeds";
import { watchFolder } from "../ingest/watch-folder";
import type { AppContext } from "./app-context";

export interface FreshArticles {
  /** For /sources; undefined when no feeds are configured. */
  feedStatus: (() => FeedStatus[]) | undefined;
  stop(): Promise<void>;
}

/** Keeps the index fresh while the bot or console runs: ARTICLES_DIR is watched and FEEDS are polled. */
export function startFreshArticles(context: AppContext): FreshArticles {
  const { config } = context;
  const watcher = watchFolder({ dir: config.articlesDir, store: context.store, embedder: context.embedder, clock: context.clock, logger: context.logger });
  const poller = config.feeds.length
    ? createFeedPoller({
        store: context.store,
        embedder: context.embedder,
        clock: context.clock,
        feeds: config.feeds,
        intervalMinutes: config.feedIntervalMinutes,
        logger: context.logger,
        allowPrivate: config.feedsAllowPrivate,
      })
    : null;
  poller?.start();
  return {
    feedStatus: poller ? () => poller.status() : undefined,
    async stop() {
      await poller?.stop();
      // A recursive fs.watch keeps the process alive until closed.
      await watcher.close();
    },
  };
}
