import "dotenv/config";
import { createAppContext } from "./app/app-context";
import { startFreshArticles } from "./app/fresh-articles";
import { ConfigError, loadConfig, requireArticlesDir } from "./config/load-config";
import { digestTextOfDay } from "./digest/digest-of-day";
import { ingestPaths } from "./ingest/ingest-paths";
import { createLogger } from "./log";
import { checkStoreIntegrity, StoreError } from "./store";
import { DiscordSetupError } from "./discord/discord-setup-error";

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set (with SHARDS, this process is the writer and runs the
 * sharding manager; the shard processes answer), otherwise the local console. Either way the articles
 * folder is ingested first (incrementally: unchanged files are skipped), so the index is never empty or stale.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const articlesDir = requireArticlesDir(config);
  // discord.js loads only for the bot: a token is checked before the start-up ingest, not after it.
  if (config.discordToken) await (await import("./discord/check-token")).checkDiscordToken(config.discordApiUrl, config.discordToken);
  // The console shares its terminal with a person: plain log lines there, JSON for the bot's log collector.
  const context = createAppContext(config, config.discordToken ? { role: "writer" } : { role: "writer", logger: createLogger(config.logLevel, "plain") });
  checkStoreIntegrity(context.store);
  const summary = await ingestPaths(context.store, {
    paths: [articlesDir],
    embedder: await context.embedder(),
    clock: context.clock,
    onNotice: context.notice,
  });
  context.notice(
    `index ready: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged` +
      (summary.failed.length ? `, ${summary.failed.length} files could not be read (run \`npm run -s cli -- ingest\` to see why)` : ""),
  );
  const fresh = await startFreshArticles(context);
  // Imported here: the console does not need discord.js, the largest module newsdesk loads.
  if (config.discordToken && config.shards !== undefined) {
    await (await import("./discord/run-shards")).runShards(context, config.discordToken, config.shards, fresh);
  } else if (config.discordToken) await (await import("./discord/run-bot")).runBot(context, config.discordToken, fresh);
  else {
    const { runConsole } = await import("./console/run-console");
    await runConsole(context, {
      input: process.stdin,
      output: process.stdout,
      digestText: (date) => digestTextOfDay(context, date),
      feedStatus: fresh.feedStatus,
    });
  }
  await fresh.stop();
  context.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StoreError || error instanceof DiscordSetupError;
    process.stderr.write(`newsdesk: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
