import type { FeedStatus } from "../feeds";
import { watchFolder } from "../ingest/watch-folder";
import type { AppContext } from "./app-context";
import { createFeedService, type FeedService } from "./feed-service";

export interface FreshArticles {
  /** For /sources. */
  feedStatus: () => FeedStatus[];
  /** The feeds in the database (FEEDS added at start), managed by `feeds` and /feeds. */
  feeds: FeedService;
  /** Runs after articles came in from the folder or a feed poll (followed questions). */
  afterIngest(listener: () => Promise<void>): void;
  stop(): Promise<void>;
}

/** Keeps the index fresh while the bot or console runs: ARTICLES_DIR is watched and the feeds are polled. */
export async function startFreshArticles(context: AppContext): Promise<FreshArticles> {
  const { config } = context;
  const ingestListeners: (() => Promise<void>)[] = [];
  const runIngestListeners = async () => {
    for (const listener of ingestListeners) await listener().catch((error: unknown) => context.logger.error({ err: error }, "after-ingest work failed"));
  };
  const watcher = watchFolder({
    dir: config.articlesDir,
    store: context.store,
    embedder: context.embedder,
    clock: context.clock,
    logger: context.logger,
    onProcessed: (changes) => {
      if (changes.ingested && changes.ingested.added + changes.ingested.updated > 0) void runIngestListeners();
    },
  });
  const feeds = createFeedService(context);
  feeds.afterPoll(async (results) => {
    if (results.some((result) => result.added + result.updated > 0)) await runIngestListeners();
  });
  feeds.start();
  return {
    feedStatus: () => feeds.poller.status(),
    feeds,
    afterIngest: (listener) => void ingestListeners.push(listener),
    async stop() {
      await feeds.stop();
      // A recursive fs.watch keeps the process alive until closed.
      await watcher.close();
    },
  };
}
