import type { AppContext } from "../app/app-context";
import { createFeedService, type FeedService } from "../app/feed-service";
import { createFeedAnnouncer } from "./announce-feeds";
import { forgetDeletedChannels } from "./deleted-channels";
import { createFollowChecker } from "./followed-questions";
import { loadCommands } from "./load-commands";
import { createBotServices, startDigests } from "./run-bot";
import { isNewsdeskMessage, type ToManager, type ToShard } from "./shard-messages";
import { startBot, type ShardOf } from "./start-bot";

/**
 * One shard process of a sharded bot (`SHARDS`), started by the ShardingManager, connecting as `shard` for its own
 * servers only. It reads the index the manager's process writes, answers its servers' questions, and posts their
 * digests, followed questions and feed announcements; it never ingests or polls. Runs until SIGINT/SIGTERM (the
 * manager stops a shard with SIGTERM) or until the manager's process is gone.
 */
export async function runShard(context: AppContext, token: string, shard: ShardOf): Promise<void> {
  const feedList = createFeedService(context);
  const requestPoll = () => void process.send?.({ newsdesk: "poll-feeds" } satisfies ToManager);
  // The writer polls; a feed added here is handed to it so its articles still show within seconds.
  const feeds: FeedService = {
    ...feedList,
    add(text, announce) {
      const result = feedList.add(text, announce);
      if (result.added) requestPoll();
      return result;
    },
  };
  const services = createBotServices(context, { feeds, feedStatus: () => feeds.poller.status() });
  const bot = await startBot(services, await loadCommands(), token, shard);
  const digests = startDigests(bot.client, services);
  const announce = createFeedAnnouncer(bot.client, services);
  const checkFollows = createFollowChecker(bot.client, services);
  forgetDeletedChannels(bot.client, services);
  const fromManager = (message: unknown) => {
    if (!isNewsdeskMessage<ToShard>(message)) return;
    const work = message.newsdesk === "feeds-polled" ? announce(message.results) : checkFollows();
    work.catch((error: unknown) => context.logger.error({ err: error }, "posting after the writer's news failed"));
  };
  process.on("message", fromManager);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    // The manager's process is gone (it crashed or was killed): a shard left behind would answer unsupervised.
    process.once("disconnect", resolve);
  });
  context.logger.info("shutting down");
  process.off("message", fromManager);
  await digests.stop();
  await bot.stop();
}
