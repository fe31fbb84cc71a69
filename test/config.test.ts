import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requireArticlesDir } from "../src/config/load-config";

const ROOT = path.resolve(__dirname, "..");

describe("loadConfig", () => {
  it("fills the contract's defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      discordToken: undefined,
      discordApiUrl: "https://discord.com/api",
      articlesDir: path.resolve("./articles"),
      indexDir: path.resolve("./embeddings"),
      embeddingModel: "Xenova/all-MiniLM-L6-v2",
      qaChannelIds: [],
      digestTime: "08:00",
      digestTimeZone: "UTC",
      feeds: [],
      feedIntervalMinutes: 15,
      feedsAllowPrivate: false,
      qaCooldownSeconds: 5,
      digestMaxStories: 10,
      digestQuietDays: "post",
      searchWeights: { keyword: 1, dense: undefined },
      shards: undefined,
      logLevel: "info",
    });
  });

  it("reads SHARDS as auto or a count", () => {
    expect(loadConfig({ SHARDS: "auto" }).shards).toBe("auto");
    expect(loadConfig({ SHARDS: " 4 " }).shards).toBe(4);
  });

  it("treats an empty DISCORD_TOKEN as unset and parses lists", () => {
    const config = loadConfig({ DISCORD_TOKEN: "  ", QA_CHANNEL_IDS: "123456789012345678, 223456789012345678", FEEDS: "https://a.example/rss" });
    expect(config.discordToken).toBeUndefined();
    expect(config.qaChannelIds).toEqual(["123456789012345678", "223456789012345678"]);
    expect(config.feeds).toEqual(["https://a.example/rss"]);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ DIGEST_TZ: "Mars/Olympus" }, /^DIGEST_TZ="Mars\/Olympus" must be an IANA time zone/],
    [{ DIGEST_TIME: "8am" }, /^DIGEST_TIME="8am" must be a 24-hour time/],
    [{ DISCORD_GUILD_ID: "my-server" }, /^DISCORD_GUILD_ID="my-server" must be a Discord id/],
    [{ QA_CHANNEL_IDS: "123456789012345678,general" }, /^QA_CHANNEL_IDS=.* must be comma-separated Discord channel ids/],
    [{ FEEDS: "not a url" }, /^FEEDS="not a url" must be comma-separated http\(s\) feed URLs/],
    [{ FEED_INTERVAL_MINUTES: "0" }, /^FEED_INTERVAL_MINUTES="0" must be a positive number/],
    [{ FEEDS_ALLOW_PRIVATE: "yes" }, /^FEEDS_ALLOW_PRIVATE="yes" must be 1 \(feeds may be on private addresses\) or 0/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL="loud" must be one of/],
    [{ DIGEST_QUIET_DAYS: "maybe" }, /^DIGEST_QUIET_DAYS="maybe" must be "post"/],
    [{ SEARCH_DENSE_WEIGHT: "-1" }, /^SEARCH_DENSE_WEIGHT="-1" must be a number, 0 or more/],
    [{ DISCORD_API_URL: "discord" }, /^DISCORD_API_URL="discord" must be an http\(s\) URL/],
    [{ SHARDS: "0" }, /^SHARDS="0" must be "auto" \(the shard count Discord recommends\) or a whole number of shards, 1 or more/],
    [{ SHARDS: "two" }, /^SHARDS="two" must be "auto"/],
    [{ SHARDS: "1.5" }, /^SHARDS="1.5" must be "auto"/],
  ];
  it.each(bad)("one line naming the variable: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("an unreadable ARTICLES_DIR stops the entry points that need it", () => {
    const missing = path.join(os.tmpdir(), "newsdesk-no-such-folder");
    expect(() => requireArticlesDir(loadConfig({ ARTICLES_DIR: missing }))).toThrow(/^ARTICLES_DIR=.* is not a readable folder; create it/);
  });

  it("npm start with a bad value exits non-zero with that one line", () => {
    const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-config-"));
    let stderr = "";
    try {
      execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/main.ts")], {
        cwd: indexDir,
        env: { ...process.env, DIGEST_TZ: "Nowhere/Land", INDEX_DIR: indexDir },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }
    expect(stderr.trim()).toBe('newsdesk: DIGEST_TZ="Nowhere/Land" must be an IANA time zone such as UTC or Europe/Berlin');
    fs.rmSync(indexDir, { recursive: true, force: true });
  });
});
