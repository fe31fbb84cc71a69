import { Events, type Client, type Guild } from "discord.js";
import type { AppContext } from "../app/app-context";
import type { FreshArticles } from "../app/fresh-articles";
import { buildDigest } from "../digest/build-digest";
import { createDigestScheduler, digestDefaults, type DigestScheduler } from "../digest/schedule-digests";
import { createFeedAnnouncer } from "./announce-feeds";
import { forgetDeletedChannels } from "./deleted-channels";
import { createFollowChecker } from "./followed-questions";
import { loadCommands } from "./load-commands";
import { ownsGuild } from "./ownership";
import { createDigestControls, createDigestPoster } from "./post-digest";
import { ResultCache } from "./result-cache";
import { startBot } from "./start-bot";
import type { BotServices } from "./types";

export function createBotServices(context: AppContext, fresh?: Pick<FreshArticles, "feedStatus" | "feeds">): BotServices {
  return {
    config: context.config,
    store: context.store,
    logger: context.logger,
    clock: context.clock,
    embedder: () => context.queryEmbedder(),
    answers: new ResultCache(),
    searches: new ResultCache(),
    feedStatus: fresh?.feedStatus,
    feeds: fresh?.feeds,
  };
}

export interface RunningDigests {
  scheduler: DigestScheduler;
  /** Stops scheduling and waits for a digest being posted; call it before the client closes. */
  stop(): Promise<void>;
}

/**
 * The daily digests on a ready client: every server the bot is in (and joins later) gets its settings, the
 * schedule runs, and /digest gets its controls in `services.digest`.
 */
export function startDigests(client: Client, services: BotServices): RunningDigests {
  const { config, store, clock, logger } = services;
  const scheduler = createDigestScheduler({
    store,
    clock,
    logger,
    defaults: digestDefaults(config),
    post: createDigestPoster(client),
    build: async (window) => buildDigest(store, { ...window, maxStories: config.digestMaxStories, embedder: await services.embedder() }),
    postQuietDays: config.digestQuietDays === "post",
    owns: (guildId) => ownsGuild(client, guildId),
  });
  // DIGEST_CHANNEL_ID names one channel, so it is the default of the server that has it only.
  const ensureSettings = (guild: Guild) =>
    scheduler.ensureSettings(guild.id, config.digestChannelId !== undefined && guild.channels.cache.has(config.digestChannelId));
  client.guilds.cache.forEach(ensureSettings);
  client.on(Events.GuildCreate, ensureSettings);
  scheduler.start();
  services.digest = createDigestControls(scheduler, clock);
  return {
    scheduler,
    async stop() {
      client.off(Events.GuildCreate, ensureSettings);
      await scheduler.stop();
    },
  };
}

/** Runs the bot until SIGINT/SIGTERM, then stops in order: no new work, in-flight replies, gateway (the caller closes the rest). */
export async function runBot(context: AppContext, token: string, fresh: FreshArticles): Promise<void> {
  const services = createBotServices(context, fresh);
  const bot = await startBot(services, await loadCommands(), token);
  const digests = startDigests(bot.client, services);
  fresh.feeds.afterPoll(createFeedAnnouncer(bot.client, services));
  fresh.afterIngest(createFollowChecker(bot.client, services));
  forgetDeletedChannels(bot.client, services);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  context.logger.info("shutting down");
  await digests.stop();
  await bot.stop();
}
