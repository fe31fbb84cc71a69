import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { describeFeeds, parseFeedToAdd, parseFeedUrl } from "../app/feed-service";
import { addMissingFeeds, listFeeds, removeFeed, saveFeed } from "../store/feed-list";
import { UsageError } from "./usage-error";

export const usage = "feeds add URL [--channel ID] | feeds remove URL | feeds list [--json]";

/** The feeds the bot and console poll, kept in the index; a running bot picks changes up at its next poll. */
export async function runFeeds(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { channel: { type: "string" }, json: { type: "boolean", default: false } } });
  const [action, url, ...extra] = positionals;
  const { store, clock } = context;
  // FEEDS is part of the list whichever entry point runs first.
  addMissingFeeds(store, context.config.feeds, clock());
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  switch (action) {
    case "add": {
      if (!url) throw new UsageError("feeds add needs the feed's URL");
      if (values.channel !== undefined && !/^\d{17,20}$/.test(values.channel)) {
        throw new UsageError(`--channel must be a Discord channel id (17-20 digits; right-click the channel → Copy Channel ID), got "${values.channel}"`);
      }
      const feed = parseFeedToAdd(url, context.config.feedsAllowPrivate);
      const added = saveFeed(store, { url: feed, guildId: null, channelId: values.channel ?? null }, clock());
      process.stdout.write(`${added ? "added" : "already listed; updated"} ${feed}${values.channel ? ` (announced in channel ${values.channel})` : ""}\n`);
      return 0;
    }
    case "remove": {
      if (!url) throw new UsageError("feeds remove needs the feed's URL");
      const target = listFeeds(store).some((feed) => feed.url === url.trim()) ? url.trim() : parseFeedUrl(url);
      if (!removeFeed(store, target)) throw new Error(`${target} is not in the feed list; see \`feeds list\``);
      process.stdout.write(`removed ${target} (its articles stay in the index)\n`);
      return 0;
    }
    case "list": {
      if (url) throw new UsageError(`unexpected argument ${JSON.stringify(url)}`);
      const feeds = describeFeeds(store);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ feeds })}\n`);
        return 0;
      }
      if (feeds.length === 0) process.stdout.write("no feeds; add one with `feeds add URL`\n");
      for (const feed of feeds) {
        const details = [
          feed.state,
          `${feed.articles} articles`,
          `last success ${feed.lastSuccessAt ?? "never"}`,
          ...(feed.lastError ? [`last error: ${feed.lastError}`] : []),
          ...(feed.channelId ? [`announced in channel ${feed.channelId}`] : []),
        ];
        process.stdout.write(`${feed.title ? `${feed.title} ` : ""}<${feed.url}>\n  ${details.join(" · ")}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(action ? `unknown feeds action "${action}"` : "feeds needs an action");
  }
}
