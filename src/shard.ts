import "dotenv/config";
import { createAppContext } from "./app/app-context";
import { ConfigError, loadConfig } from "./config/load-config";
import { DiscordSetupError } from "./discord/discord-errors";
import { runShard } from "./discord/run-shard";
import { SHARD_REFUSED_EXIT_CODE } from "./discord/shard-messages";
import { createLogger } from "./log";
import { StoreError } from "./store";

/** The entry point of a shard process, forked by the sharding manager that `npm start` runs when SHARDS is set. */
async function main(): Promise<void> {
  // discord.js's manager passes this process its shard id in SHARDS (the setting was the manager's) and the count in SHARD_COUNT.
  const shard = { id: Number(process.env.SHARDS), count: Number(process.env.SHARD_COUNT) };
  if (!Number.isInteger(shard.id) || !Number.isInteger(shard.count) || shard.id < 0 || shard.id >= shard.count) {
    throw new ConfigError("a shard process is started by `npm start` with SHARDS set, which gives it its shard id and count");
  }
  const config = loadConfig({ ...process.env, SHARDS: undefined });
  if (!config.discordToken) throw new ConfigError("a shard process needs DISCORD_TOKEN; start newsdesk with `npm start`, which starts the shards");
  const logger = createLogger(config.logLevel).child({ shard: shard.id });
  const context = createAppContext(config, { role: "reader", logger });
  try {
    await runShard(context, config.discordToken, shard);
  } finally {
    context.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StoreError || error instanceof DiscordSetupError;
    process.stderr.write(`newsdesk: shard ${process.env.SHARDS}: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(known ? SHARD_REFUSED_EXIT_CODE : 1);
  },
);
