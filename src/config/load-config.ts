import fs from "node:fs";
import path from "node:path";
// A namespace import, so that the build can leave out the parts of zod not used here.
import * as z from "zod";

/** A bad environment value: the message is the one line a user sees, naming the variable and the fix. */
export class ConfigError extends Error {}

const snowflake = /^\d{17,20}$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function optionalString() {
  return z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));
}

function snowflakeId(hint: string) {
  return optionalString().refine((value) => value === undefined || snowflake.test(value), {
    message: `must be a Discord id (17-20 digits); ${hint}`,
  });
}

function commaList(check: (item: string) => boolean, message: string) {
  return optionalString()
    .transform((value) => (value ?? "").split(",").map((item) => item.trim()).filter(Boolean))
    .refine((items) => items.every(check), { message });
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function positiveNumber(fallback: number, hint: string) {
  return optionalString()
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .refine((value) => Number.isFinite(value) && value > 0, { message: `must be a positive number; ${hint}` });
}

const environmentSchema = z.object({
  DISCORD_TOKEN: optionalString(),
  DISCORD_CLIENT_ID: snowflakeId("copy the Application ID from the Discord developer portal"),
  DISCORD_GUILD_ID: snowflakeId("right-click the server with Developer Mode on and Copy Server ID"),
  DISCORD_API_URL: optionalString()
    .transform((value) => (value ?? "https://discord.com/api").replace(/\/+$/, ""))
    .refine(isHttpUrl, { message: "must be an http(s) URL such as https://discord.com/api" }),
  ARTICLES_DIR: optionalString().transform((value) => path.resolve(value ?? "./articles")),
  INDEX_DIR: optionalString().transform((value) => path.resolve(value ?? "./embeddings")),
  EMBEDDING_MODEL: optionalString().transform((value) => value ?? "Xenova/all-MiniLM-L6-v2"),
  EMBEDDING_MODEL_PATH: optionalString().transform((value) => (value === undefined ? undefined : path.resolve(value))),
  QA_CHANNEL_IDS: commaList((id) => snowflake.test(id), "must be comma-separated Discord channel ids (17-20 digits each)"),
  DIGEST_CHANNEL_ID: snowflakeId("right-click the channel with Developer Mode on and Copy Channel ID"),
  DIGEST_TIME: optionalString()
    .transform((value) => value ?? "08:00")
    .refine((value) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value), { message: "must be a 24-hour time HH:MM, e.g. 08:00" }),
  DIGEST_TZ: optionalString()
    .transform((value) => value ?? "UTC")
    .refine(isTimeZone, { message: "must be an IANA time zone such as UTC or Europe/Berlin" }),
  FEEDS: commaList(isHttpUrl, "must be comma-separated http(s) feed URLs"),
  FEED_INTERVAL_MINUTES: positiveNumber(15, "e.g. 15"),
  FEEDS_ALLOW_PRIVATE: optionalString()
    .transform((value) => value ?? "0")
    .refine((value) => value === "0" || value === "1", { message: "must be 1 (feeds may be on private addresses) or 0 (the default)" }),
  QA_COOLDOWN_SECONDS: optionalString()
    .transform((value) => (value === undefined ? 5 : Number(value)))
    .refine((value) => Number.isFinite(value) && value >= 0, { message: "must be a number of seconds, 0 or more; e.g. 5" }),
  DIGEST_MAX_STORIES: optionalString()
    .transform((value) => (value === undefined ? 10 : Number(value)))
    .refine((value) => Number.isInteger(value) && value >= 1 && value <= 25, { message: "must be a whole number from 1 to 25; e.g. 10" }),
  DIGEST_QUIET_DAYS: optionalString()
    .transform((value) => value ?? "post")
    .refine((value) => value === "post" || value === "skip", { message: 'must be "post" (a short note) or "skip" (nothing)' }),
  SEARCH_KEYWORD_WEIGHT: optionalString()
    .transform((value) => (value === undefined ? 1 : Number(value)))
    .refine((value) => Number.isFinite(value) && value >= 0, { message: "must be a number, 0 or more; e.g. 1" }),
  SEARCH_DENSE_WEIGHT: optionalString()
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .refine((value) => value === undefined || (Number.isFinite(value) && value >= 0), { message: "must be a number, 0 or more; e.g. 0.5" }),
  SHARDS: optionalString()
    .transform((value) => (value === undefined || value === "auto" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN))
    .refine((value) => value === undefined || value === "auto" || (Number.isSafeInteger(value) && value >= 1), {
      message: 'must be "auto" (the shard count Discord recommends) or a whole number of shards, 1 or more; unset runs the bot in one process',
    }),
  LOG_LEVEL: optionalString()
    .transform((value) => value ?? "info")
    .refine((value) => ["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(value), {
      message: "must be one of fatal, error, warn, info, debug, trace, silent",
    }),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Everything newsdesk reads from its environment, validated and typed. */
export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiUrl: string;
  articlesDir: string;
  indexDir: string;
  embeddingModel: string;
  embeddingModelPath: string | undefined;
  qaChannelIds: string[];
  digestChannelId: string | undefined;
  digestTime: string;
  digestTimeZone: string;
  feeds: string[];
  feedIntervalMinutes: number;
  /** Feeds and their pages may be on loopback, private and link-local addresses (an intranet); off by default. */
  feedsAllowPrivate: boolean;
  /** Seconds a user waits between questions asked in channels. */
  qaCooldownSeconds: number;
  digestMaxStories: number;
  /** A day without articles: a short note, or nothing. */
  digestQuietDays: "post" | "skip";
  /** Weighted reciprocal rank fusion of keyword and dense retrieval; dense unset means the model's default. */
  searchWeights: { keyword: number; dense: number | undefined };
  /**
   * The bot through discord.js's ShardingManager: "auto" asks Discord for the count. Unset: one process, no
   * manager. (Inside a shard process discord.js sets SHARDS to the shard's id; the shard entry point ignores it.)
   */
  shards: "auto" | number | undefined;
  logLevel: string;
}

/** Validates the environment; a bad value throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(`${variable}=${JSON.stringify(env[variable] ?? "")} ${issue.message}`);
  }
  const e = parsed.data;
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiUrl: e.DISCORD_API_URL,
    articlesDir: e.ARTICLES_DIR,
    indexDir: e.INDEX_DIR,
    embeddingModel: e.EMBEDDING_MODEL,
    embeddingModelPath: e.EMBEDDING_MODEL_PATH,
    qaChannelIds: e.QA_CHANNEL_IDS,
    digestChannelId: e.DIGEST_CHANNEL_ID,
    digestTime: e.DIGEST_TIME,
    digestTimeZone: e.DIGEST_TZ,
    feeds: e.FEEDS,
    feedIntervalMinutes: e.FEED_INTERVAL_MINUTES,
    feedsAllowPrivate: e.FEEDS_ALLOW_PRIVATE === "1",
    qaCooldownSeconds: e.QA_COOLDOWN_SECONDS,
    digestMaxStories: e.DIGEST_MAX_STORIES,
    digestQuietDays: e.DIGEST_QUIET_DAYS as "post" | "skip",
    searchWeights: { keyword: e.SEARCH_KEYWORD_WEIGHT, dense: e.SEARCH_DENSE_WEIGHT },
    shards: e.SHARDS,
    logLevel: e.LOG_LEVEL,
  };
}

/** For the entry points that read ARTICLES_DIR: a folder that is missing or unreadable stops them with one line. */
export function requireArticlesDir(config: Config): string {
  try {
    fs.accessSync(config.articlesDir, fs.constants.R_OK);
    if (!fs.statSync(config.articlesDir).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new ConfigError(`ARTICLES_DIR=${config.articlesDir} is not a readable folder; create it or point ARTICLES_DIR at your articles`);
  }
  return config.articlesDir;
}
