import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from "discord.js";
import type { AppContext } from "../app/app-context";
import type { FreshArticles } from "../app/fresh-articles";
import { DiscordSetupError } from "./discord-errors";
import { RespawnBackoff } from "./respawn-backoff";
import { isNewsdeskMessage, SHARD_REFUSED_EXIT_CODE, type ToManager, type ToShard } from "./shard-messages";

/**
 * Discord lets `max_concurrency` shards IDENTIFY per 5 s window (shard i in bucket i % max_concurrency); 5.5 s is
 * discord.js's own spawn delay, the window plus a margin.
 */
const IDENTIFY_WINDOW_MS = 5_500;
/** How long a shard may take from its spawn to ready (loading newsdesk, logging in, receiving its servers); discord.js's default. */
const SHARD_READY_TIMEOUT_MS = 30_000;

/** What GET /gateway/bot says: the shard count Discord recommends and how many shards may connect at once. */
export interface GatewaySharding {
  shards: number;
  maxConcurrency: number;
}

/** Asked of DISCORD_API_URL (discord.js's own `auto` always asks discord.com), with the bot's token. */
export async function fetchGatewaySharding(apiUrl: string, token: string): Promise<GatewaySharding> {
  const rest = new REST({ api: apiUrl, retries: 1, timeout: 10_000, handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(token);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return { shards: gateway.shards, maxConcurrency: gateway.session_start_limit.max_concurrency };
  } catch (error) {
    throw new DiscordSetupError(
      `could not ask Discord how to shard (GET ${apiUrl}/v10/gateway/bot: ${(error as Error).message}); check the network and DISCORD_API_URL, then start again`,
    );
  }
}

/**
 * The pause between starting one shard and the next. Shards k and k + max_concurrency share an identify bucket,
 * so spacing every start by window / max_concurrency keeps them a window apart; when every shard has a bucket
 * of its own they all start at once.
 */
export function spawnDelayMs(shardCount: number, maxConcurrency: number): number {
  return shardCount <= maxConcurrency ? 0 : Math.ceil(IDENTIFY_WINDOW_MS / maxConcurrency);
}

/** The shard entry point beside this module: compiled under dist/ (plain node), or the source under tsx in development. */
function shardEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return { file: path.join(path.dirname(here), "..", "shard.ts"), execArgv: ["--import", import.meta.resolve("tsx")] };
  return { file: path.join(path.dirname(here), "..", "shard.js"), execArgv: [] };
}

/** Sends to every shard whose process is running (one being respawned catches up at the next ingest or poll). */
function tellShards(manager: ShardingManager, message: ToShard, context: AppContext): void {
  for (const shard of manager.shards.values()) {
    if (!shard.process) continue;
    shard.send(message).catch((error: unknown) => context.logger.warn({ shard: shard.id, err: error }, "could not reach a shard"));
  }
}

/** Stops every shard process with SIGTERM (each finishes its in-flight replies and digests) and waits for them. */
async function stopShards(manager: ShardingManager): Promise<void> {
  await Promise.all(
    [...manager.shards.values()].map((shard: Shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      shard.kill();
      return exited;
    }),
  );
}

/**
 * `npm start` with SHARDS: this process stays the index's only writer (the start-up ingest, the folder watch and
 * the feed polls in `fresh`) and runs discord.js's ShardingManager, which forks one process per shard. Each shard
 * answers its own servers from the shared index; this process tells them when articles came in and what a poll
 * found. A shard that dies is started again, after a pause that grows while it keeps dying (see RespawnBackoff). Runs
 * until SIGINT/SIGTERM, then stops the shards and waits for them.
 */
export async function runShards(context: AppContext, token: string, shards: "auto" | number, fresh: FreshArticles): Promise<void> {
  const { config, logger, clock } = context;
  // Listened for from the start: a signal while shards start stops them too, instead of leaving them running.
  const stopRequested = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const gateway = await fetchGatewaySharding(config.discordApiUrl, token);
  const count = shards === "auto" ? gateway.shards : shards;
  const { file, execArgv } = shardEntry();
  // discord.js would start a dead shard again at once, and a shard that dies at every start would identify in a loop.
  const manager = new ShardingManager(file, { totalShards: count, token, mode: "process", execArgv, respawn: false });
  let stopping = false;
  const restarts = new Set<NodeJS.Timeout>();
  let refused!: () => void;
  // A shard Discord or the configuration refused would be refused again each time discord.js starts it anew.
  const shardRefused = new Promise<"refused">((resolve) => (refused = () => resolve("refused")));
  manager.on("shardCreate", (shard: Shard) => {
    const backoff = new RespawnBackoff();
    let spawnedAt = clock().getTime();
    shard.on("spawn", () => (spawnedAt = clock().getTime()));
    shard.on("message", (message: unknown) => {
      if (!isNewsdeskMessage<ToManager>(message)) return;
      fresh.feeds.pollDue().catch((error: unknown) => logger.error({ err: error }, "polling a new feed failed"));
    });
    // Shards run as child processes (mode "process"), never workers.
    shard.on("death", (child) => {
      if (stopping) return;
      if ((child as ChildProcess).exitCode === SHARD_REFUSED_EXIT_CODE) return refused();
      const pauseMs = backoff.pauseAfterDeath(clock().getTime() - spawnedAt);
      logger.warn({ shard: shard.id, pauseMs }, "a shard process exited; starting it again after a pause");
      const restart = setTimeout(() => {
        restarts.delete(restart);
        if (!stopping) shard.spawn(SHARD_READY_TIMEOUT_MS).catch((error: unknown) => logger.error({ shard: shard.id, err: error }, "a shard could not be started again"));
      }, pauseMs);
      restarts.add(restart);
    });
    shard.on("error", (error: Error) => logger.error({ shard: shard.id, err: error }, "a shard could not be started"));
  });
  logger.info({ shards: count, recommended: gateway.shards }, "starting shards");
  try {
    await manager.spawn({ amount: count, delay: spawnDelayMs(count, gateway.maxConcurrency), timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    stopping = true;
    await stopShards(manager);
    throw new DiscordSetupError(`a shard did not connect to Discord (${(error as Error).message}); its reason is logged above`);
  }
  logger.info({ shards: count }, "every shard is connected to Discord");
  fresh.feeds.afterPoll(async (results) => tellShards(manager, { newsdesk: "feeds-polled", results }, context));
  fresh.afterIngest(async () => tellShards(manager, { newsdesk: "articles-ingested" }, context));
  const stop = await Promise.race([stopRequested, shardRefused]);
  logger.info("shutting down");
  stopping = true;
  for (const restart of restarts) clearTimeout(restart);
  await stopShards(manager);
  if (stop === "refused") throw new DiscordSetupError("a shard was refused (its reason is logged above); fix it and start newsdesk again");
}
