import fs from "node:fs";
import path from "node:path";

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

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A bad value of the variable being read; `readVariable` turns it into the one-line ConfigError. */
class InvalidValue extends Error {}

function check<T>(value: T, valid: boolean, message: string): T {
  if (!valid) throw new InvalidValue(message);
  return value;
}

// Plain checks rather than a schema library: this runs on every CLI call, and a schema library's import alone took
// 140 ms (zod 4, on the 2-core benchmark machine), about the start-up time of node itself.
function readVariable<T>(env: NodeJS.ProcessEnv, name: string, parse: (value: string | undefined) => T): T {
  const raw = env[name]?.trim();
  try {
    return parse(raw === "" ? undefined : raw);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new ConfigError(`${name}=${JSON.stringify(env[name] ?? "")} ${error.message}`);
  }
}

function snowflakeId(hint: string) {
  return (value: string | undefined) =>
    check(value, value === undefined || snowflake.test(value), `must be a Discord id (17-20 digits); ${hint}`);
}

function commaList(valid: (item: string) => boolean, message: string) {
  return (value: string | undefined) => {
    const items = (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
    return check(items, items.every(valid), message);
  };
}

function numberOr(fallback: number, valid: (value: number) => boolean, message: string) {
  return (value: string | undefined) => {
    const number = value === undefined ? fallback : Number(value);
    return check(number, valid(number), message);
  };
}

const isPositive = (value: number) => Number.isFinite(value) && value > 0;
const isZeroOrMore = (value: number) => Number.isFinite(value) && value >= 0;
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

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
  /** Seconds a user waits between questions asked in channels. */
  qaCooldownSeconds: number;
  digestMaxStories: number;
  /** A day without articles: a short note, or nothing. */
  digestQuietDays: "post" | "skip";
  /** Weighted reciprocal rank fusion of keyword and dense retrieval; dense unset means the model's default. */
  searchWeights: { keyword: number; dense: number | undefined };
  logLevel: string;
}

/** Validates the environment; a bad value throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = <T>(name: string, parse: (value: string | undefined) => T) => readVariable(env, name, parse);
  const denseWeight = read("SEARCH_DENSE_WEIGHT", (value) => {
    const number = value === undefined ? undefined : Number(value);
    return check(number, number === undefined || isZeroOrMore(number), "must be a number, 0 or more; e.g. 0.5");
  });
  return {
    discordToken: read("DISCORD_TOKEN", (value) => value),
    discordClientId: read("DISCORD_CLIENT_ID", snowflakeId("copy the Application ID from the Discord developer portal")),
    discordGuildId: read("DISCORD_GUILD_ID", snowflakeId("right-click the server with Developer Mode on and Copy Server ID")),
    discordApiUrl: read("DISCORD_API_URL", (value) => {
      const url = (value ?? "https://discord.com/api").replace(/\/+$/, "");
      return check(url, isHttpUrl(url), "must be an http(s) URL such as https://discord.com/api");
    }),
    articlesDir: read("ARTICLES_DIR", (value) => path.resolve(value ?? "./articles")),
    indexDir: read("INDEX_DIR", (value) => path.resolve(value ?? "./embeddings")),
    embeddingModel: read("EMBEDDING_MODEL", (value) => value ?? "Xenova/all-MiniLM-L6-v2"),
    embeddingModelPath: read("EMBEDDING_MODEL_PATH", (value) => (value === undefined ? undefined : path.resolve(value))),
    qaChannelIds: read("QA_CHANNEL_IDS", commaList((id) => snowflake.test(id), "must be comma-separated Discord channel ids (17-20 digits each)")),
    digestChannelId: read("DIGEST_CHANNEL_ID", snowflakeId("right-click the channel with Developer Mode on and Copy Channel ID")),
    digestTime: read("DIGEST_TIME", (value) => {
      const time = value ?? "08:00";
      return check(time, /^([01]\d|2[0-3]):[0-5]\d$/.test(time), "must be a 24-hour time HH:MM, e.g. 08:00");
    }),
    digestTimeZone: read("DIGEST_TZ", (value) => {
      const zone = value ?? "UTC";
      return check(zone, isTimeZone(zone), "must be an IANA time zone such as UTC or Europe/Berlin");
    }),
    feeds: read("FEEDS", commaList(isHttpUrl, "must be comma-separated http(s) feed URLs")),
    feedIntervalMinutes: read("FEED_INTERVAL_MINUTES", numberOr(15, isPositive, "must be a positive number; e.g. 15")),
    qaCooldownSeconds: read("QA_COOLDOWN_SECONDS", numberOr(5, isZeroOrMore, "must be a number of seconds, 0 or more; e.g. 5")),
    digestMaxStories: read(
      "DIGEST_MAX_STORIES",
      numberOr(10, (value) => Number.isInteger(value) && value >= 1 && value <= 25, "must be a whole number from 1 to 25; e.g. 10"),
    ),
    digestQuietDays: read("DIGEST_QUIET_DAYS", (value) => {
      const choice = value ?? "post";
      return check(choice, choice === "post" || choice === "skip", 'must be "post" (a short note) or "skip" (nothing)') as "post" | "skip";
    }),
    searchWeights: {
      keyword: read("SEARCH_KEYWORD_WEIGHT", numberOr(1, isZeroOrMore, "must be a number, 0 or more; e.g. 1")),
      dense: denseWeight,
    },
    logLevel: read("LOG_LEVEL", (value) => {
      const level = value ?? "info";
      return check(level, LOG_LEVELS.includes(level), `must be one of ${LOG_LEVELS.join(", ")}`);
    }),
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
